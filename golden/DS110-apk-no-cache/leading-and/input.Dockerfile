FROM alpine:3.19
RUN set -x \
    && apk update \
    && apk add --update-cache git openssh-client \
    && git config --global advice.detachedHead false
