FROM alpine:3.19
ARG TARGETARCH
RUN if [ "$TARGETARCH" = "amd64" ]; then \
        apk add intel-media-driver; \
    else \
        apk add mesa-va-gallium; \
    fi
