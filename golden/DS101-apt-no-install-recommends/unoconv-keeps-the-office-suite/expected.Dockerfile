FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install --no-install-recommends -y unoconv fonts-liberation2 libreoffice-calc libreoffice-draw libreoffice-impress libreoffice-writer \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /work
ENTRYPOINT ["unoconv", "-f", "pdf"]
