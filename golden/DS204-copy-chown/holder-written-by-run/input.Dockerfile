FROM eclipse-temurin:21-jre-jammy
WORKDIR /opt/svc
RUN mkdir logs && touch logs/boot.log
COPY build/libs/service.jar service.jar
RUN chown -R 1001:1001 /opt/svc
USER 1001
