FROM debian:bookworm-slim
ENV GOLANG_VERSION=1.22.1
RUN set -eux; \
	url="https://dl.google.com/go/go${GOLANG_VERSION}.linux-amd64.tar.gz"; \
	wget -O /tmp/go.tgz "$url" --progress=dot:giga; \
	tar -C /usr/local -xzf /tmp/go.tgz; \
	go version; \
	rm -f /tmp/go.tgz
