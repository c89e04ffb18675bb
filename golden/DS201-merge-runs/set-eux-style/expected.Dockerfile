FROM debian:bookworm-slim
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends ca-certificates wget; \
	rm -rf /var/lib/apt/lists/*; \
# verify the download tool
	set -eux; \
	wget --version; \
	mkdir -p /opt/app
