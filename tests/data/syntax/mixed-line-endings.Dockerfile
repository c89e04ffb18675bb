FROM alpine:3.19
RUN echo one \
    && echo two \
    && echo three

# comment with CRLF
RUN <<EOF
echo lf line
echo crlf line
EOF
ENV A=1 \
    B=2
