FROM debian:bookworm-slim
RUN rm -rf /opt/stale
COPY app /app
RUN /app/setup.sh && rm -rf /opt/stale
