FROM eclipse-temurin:21-jre-jammy
WORKDIR /opt/svc
COPY build/libs/service.jar service.jar
RUN chown 1001 /opt/svc
