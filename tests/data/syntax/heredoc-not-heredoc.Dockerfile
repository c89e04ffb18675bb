FROM alpine
RUN echo "<<EOF" '<<EOT' a<<b
RUN echo don't <<EOF
EOF
RUN ["sh", "-c", "cat <<EOF"]
CMD <<EOF
WORKDIR /x
