FROM debian:bookworm-slim
COPY scripts/ /opt/scripts/
RUN chmod -R u+x /opt/scripts
