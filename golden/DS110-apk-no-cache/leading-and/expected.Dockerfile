FROM alpine:3.19
RUN set -x \
    && apk add --no-cache git openssh-client \
    && git config --global advice.detachedHead false
