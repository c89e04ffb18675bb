FROM alpine:3.19
RUN apk add --no-cache curl
WORKDIR /build
RUN curl -fsSL -o src.tar.gz https://example.org/project/archive/v1.0.tar.gz \
    && mkdir src && tar -xzf src.tar.gz -C src --strip-components=1
ENV CFLAGS=-O2
RUN rm src.tar.gz
