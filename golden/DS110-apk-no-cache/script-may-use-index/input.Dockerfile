FROM alpine:3.19
COPY install-extras.sh /tmp/
RUN apk update && apk add --no-cache curl && /tmp/install-extras.sh
