FROM alpine:3.19
WORKDIR /src
COPY . .
# build the tool, then drop the compilers
RUN \
    # compilers and headers, removed again below
    apk add --no-cache --virtual .build-deps gcc musl-dev make && \
    make && make install && \
    apk del .build-deps
