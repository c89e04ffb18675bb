FROM debian:bookworm-slim
WORKDIR /src
RUN git clone --depth 1 https://example.org/app.git /tmp/app && make -C /tmp/app install && find /tmp -mindepth 1 -delete
USER app
