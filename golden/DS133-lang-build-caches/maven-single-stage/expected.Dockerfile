FROM maven:3.9-eclipse-temurin-21
WORKDIR /app
COPY pom.xml .
COPY src ./src
RUN mvn -B -q clean package -DskipTests \
    && cp target/*.jar /app/app.jar \
    && rm -rf /root/.m2/repository
EXPOSE 8080
CMD ["java", "-jar", "/app/app.jar"]
