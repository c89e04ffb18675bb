FROM debian:bookworm-slim
RUN useradd -m -u 1000 builder \
    && mkdir -p /home/builder/.config/tool
RUN echo 'color = false' >> /home/builder/.config/tool/settings.ini
RUN echo 'jobs = 4' >> /home/builder/.config/tool/settings.ini
RUN echo 'cache = /tmp/cache' >> /home/builder/.config/tool/settings.ini
RUN chown -R builder /home/builder/.config
