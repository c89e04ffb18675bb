FROM golang:1.22-bookworm AS builder
WORKDIR /app
COPY . .
RUN go mod init github.com/acme/greeter && go get && go install

FROM debian:bookworm-slim
WORKDIR /app
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /app/templates /app/templates
COPY --from=builder /go/bin/greeter /usr/local/bin/greeter
EXPOSE 8080
CMD ["greeter"]
