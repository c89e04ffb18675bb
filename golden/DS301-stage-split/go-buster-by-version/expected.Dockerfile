FROM golang:1.14.4 AS builder
WORKDIR /srv
COPY . .
RUN go build -o /srv/bin/hello .

FROM debian:buster-slim
WORKDIR /srv
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /srv/bin/hello /srv/bin/hello
CMD ["/srv/bin/hello"]
