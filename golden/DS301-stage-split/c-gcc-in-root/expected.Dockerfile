FROM gcc:13 AS builder
COPY hello.c /src/
COPY app.conf /etc/app.conf
RUN gcc -O2 -ohello /src/hello.c

FROM debian:bookworm-slim
COPY hello.c /src/
COPY app.conf /etc/app.conf
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /hello /hello
CMD ["/hello"]
