FROM eclipse-temurin:21-jre
WORKDIR /opt/app
RUN curl --silent --show-error --location --remote-name https://repo.example.org/releases/app/4.2/app-4.2.jar
EXPOSE 8080
RUN rm -f /opt/app/app-4.2.jar
