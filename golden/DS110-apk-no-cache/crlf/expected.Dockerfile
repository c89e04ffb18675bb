FROM alpine:3.19
RUN apk add --no-cache curl && \
    apk add --no-cache git
