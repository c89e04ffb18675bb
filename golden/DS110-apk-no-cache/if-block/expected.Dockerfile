FROM alpine:3.19
ARG TARGETARCH
RUN if [ "$TARGETARCH" = "amd64" ]; then \
        apk add --no-cache intel-media-driver; \
    else \
        apk add --no-cache mesa-va-gallium; \
    fi
