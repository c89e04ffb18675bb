FROM alpine:3.19
WORKDIR /src
COPY . .
# build the tool, then drop the compilers
RUN apk update && \
    # compilers and headers, removed again below
    apk add --virtual .build-deps gcc musl-dev make && \
    make && make install && \
    apk del .build-deps && \
    rm -rf /var/cache/apk/*
