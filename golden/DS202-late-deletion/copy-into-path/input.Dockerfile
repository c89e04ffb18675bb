FROM debian:bookworm
RUN git clone --depth 1 https://example.org/src.git /tmp/src
COPY local.patch /tmp/src/
RUN rm -rf /tmp/src
