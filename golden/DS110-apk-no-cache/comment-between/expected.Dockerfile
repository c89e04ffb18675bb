FROM alpine:3.19
RUN \
    # the tools we need at run time
    apk add --no-cache git
RUN \
    # editors
    apk add --no-cache vim \
    && echo done
