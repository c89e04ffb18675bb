FROM debian:bullseye-slim
RUN apt-get update && \
    apt-get install -y xvfb chromium && \
    rm -rf /var/lib/apt/lists/*
CMD ["xvfb-run", "chromium", "--headless", "--no-sandbox", "--dump-dom", "about:blank"]
