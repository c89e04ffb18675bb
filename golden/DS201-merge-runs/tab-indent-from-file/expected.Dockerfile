FROM alpine:3.20
RUN set -eux; \
	apk add --no-cache ca-certificates; \
	update-ca-certificates
COPY agent /usr/local/bin/agent
RUN mkdir -p /run/agent && \
	chown nobody /run/agent
