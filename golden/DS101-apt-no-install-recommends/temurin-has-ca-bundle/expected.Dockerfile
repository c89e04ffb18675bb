FROM eclipse-temurin:21-jre
RUN apt-get update && apt-get install --no-install-recommends -y git curl openssh-client && \
    curl -fsSL https://get.docker.com | sh && \
    rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["java", "-jar", "/app.jar"]
