FROM alpine:3.19
RUN apk update
# hadolint ignore=DL3019
RUN apk add curl
