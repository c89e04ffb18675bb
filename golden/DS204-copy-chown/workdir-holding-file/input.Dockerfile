FROM eclipse-temurin:21-jre-jammy
RUN groupadd -r svc && useradd -r -g svc svc
WORKDIR /opt/svc
COPY build/libs/*-all.jar service.jar
RUN chown -R svc:svc /opt/svc
USER svc
ENTRYPOINT ["java", "-jar", "service.jar"]
