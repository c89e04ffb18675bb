FROM alpine:3.20
RUN apk add --no-cache ca-certificates

# a directory for the sockets
RUN mkdir -p /run/agent

RUN set -eux; \
	addgroup -S agent; \
	adduser -S -G agent agent; \
	chown agent:agent /run/agent
