FROM eclipse-temurin:21-jre
RUN groupadd -r svc && useradd -r -g svc svc
WORKDIR /opt/svc
COPY target/app.jar /opt/svc/app.jar
RUN chown svc:svc /opt/svc/app.jar && \
    ln -s /opt/svc/app.jar /opt/app.jar
