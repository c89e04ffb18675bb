FROM debian:bookworm-slim
RUN useradd -m -u 1000 builder \
    && mkdir -p /home/builder/.config/tool \
    && echo 'color = false' >> /home/builder/.config/tool/settings.ini \
    && echo 'jobs = 4' >> /home/builder/.config/tool/settings.ini \
    && echo 'cache = /tmp/cache' >> /home/builder/.config/tool/settings.ini \
    && chown -R builder /home/builder/.config
