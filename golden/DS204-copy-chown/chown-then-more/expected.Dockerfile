FROM eclipse-temurin:21-jre
RUN groupadd -r svc && useradd -r -g svc svc
WORKDIR /opt/svc
COPY --chown=svc:svc target/app.jar /opt/svc/app.jar
RUN ln -s /opt/svc/app.jar /opt/app.jar
