FROM eclipse-temurin:21-jdk
WORKDIR /app
COPY . .
RUN ./mvnw -B package -DskipTests
CMD ["java", "-jar", "target/app.jar"]
