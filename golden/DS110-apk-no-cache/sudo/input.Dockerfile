FROM alpine:3.19
RUN apk add --no-cache sudo && adduser -D builder && echo 'builder ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/builder
USER builder
RUN sudo apk add build-base && \
    sudo -E apk add --virtual .extra cmake
