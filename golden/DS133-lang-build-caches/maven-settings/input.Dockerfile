FROM maven:3.9-eclipse-temurin-21
WORKDIR /app
COPY . .
RUN mvn -B -s /app/ci-settings.xml package
CMD ["java", "-jar", "target/app.jar"]
