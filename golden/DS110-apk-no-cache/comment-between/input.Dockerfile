FROM alpine:3.19
RUN apk update && \
    # the tools we need at run time
    apk add git
RUN apk update \
    # editors
    && apk add vim \
    && echo done
