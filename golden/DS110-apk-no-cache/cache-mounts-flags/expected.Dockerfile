FROM alpine:3.19
RUN --network=default --mount=type=cache,target=/var/cache/apk apk add --update curl
