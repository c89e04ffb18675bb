FROM debian:bullseye-slim
RUN apt-get update && \
    apt-get install --no-install-recommends -y xvfb chromium xauth && \
    rm -rf /var/lib/apt/lists/*
CMD ["xvfb-run", "chromium", "--headless", "--no-sandbox", "--dump-dom", "about:blank"]
