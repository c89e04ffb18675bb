FROM debian:bookworm-slim
COPY . /app
RUN if command -v npm >/dev/null; then cd /app && npm ci; fi
