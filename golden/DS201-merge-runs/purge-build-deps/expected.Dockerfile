FROM debian:bookworm-slim
COPY . /usr/src/app
RUN apt-get update && apt-get install -y --no-install-recommends gcc make && make -C /usr/src/app && \
    apt-get purge -y --auto-remove gcc make && rm -rf /usr/src/app
CMD ["/usr/local/bin/app"]
