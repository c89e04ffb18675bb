FROM debian:bookworm-slim
COPY bin/ /opt/tools/bin/
RUN chown -R root:staff /opt/tools/bin \
    && chmod -R 750 /opt/tools/bin
