FROM debian:bookworm-slim
RUN apt-get update
RUN set -eux; \
	apt-get install -y --no-install-recommends \
		ca-certificates \
		wget \
	; \
	rm -rf /var/lib/apt/lists/*
