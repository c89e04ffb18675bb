FROM debian:bookworm-slim
ARG CACHE=
RUN if [ -n "$CACHE" ]; then cd "$CACHE"; else cd /tmp; fi; wget -q https://example.org/dist/tool-1.2.tar.gz
RUN tar -xzf /tmp/tool-1.2.tar.gz -C /opt && rm /tmp/tool-1.2.tar.gz
