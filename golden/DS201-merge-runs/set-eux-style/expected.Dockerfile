FROM debian:bookworm-slim
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends ca-certificates wget; \
	set -eux; \
	wget -q -O /usr/local/bin/tini https://example.org/tini; \
	chmod +x /usr/local/bin/tini; \
	apt-get purge -y --auto-remove wget; \
	rm -rf /var/lib/apt/lists/*
