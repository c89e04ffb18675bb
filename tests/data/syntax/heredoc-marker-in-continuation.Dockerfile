FROM alpine
RUN --mount=type=cache,target=/var/cache/apk \
    <<EOF sh \
    -x
apk add curl
EOF
