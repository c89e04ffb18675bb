FROM eclipse-temurin:21-jdk
WORKDIR /app
COPY . .
RUN ./mvnw -B package -DskipTests && rm -rf /root/.m2/repository /root/.m2/wrapper
CMD ["java", "-jar", "target/app.jar"]
