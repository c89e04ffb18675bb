FROM alpine
ONBUILD RUN <<EOF
echo at child build time
EOF
ONBUILD COPY <<EOF /x
content
EOF
RUN echo after
