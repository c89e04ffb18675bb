FROM debian:bookworm-slim
COPY bin/agent /usr/local/bin/agent
RUN chmod -R 755 /usr/local/bin
