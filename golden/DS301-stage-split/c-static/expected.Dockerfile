FROM gcc:13 AS builder
COPY hello.c /usr/src/hello/
RUN gcc -static -O2 -o /usr/local/bin/hello /usr/src/hello/hello.c

FROM scratch
COPY hello.c /usr/src/hello/
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /usr/local/bin/hello /usr/local/bin/hello
ENTRYPOINT ["hello"]
