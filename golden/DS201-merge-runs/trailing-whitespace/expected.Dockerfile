FROM debian:bookworm-slim
RUN mkdir -p /opt/app && useradd -r app && \
    chown -R app /opt/app  
