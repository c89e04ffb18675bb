FROM debian:bookworm-slim
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends \
		ca-certificates \
		wget \
	; \
	wget -O /usr/local/bin/gosu "https://example.org/gosu-$(dpkg --print-architecture)"; \
	chmod +x /usr/local/bin/gosu; \
	rm -rf /var/lib/apt/lists/*
