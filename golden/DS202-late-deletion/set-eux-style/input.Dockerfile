FROM debian:bookworm-slim
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends ca-certificates curl
ENV LANG=C.UTF-8
RUN set -eux; \
	rm -rf /var/lib/apt/lists/*
