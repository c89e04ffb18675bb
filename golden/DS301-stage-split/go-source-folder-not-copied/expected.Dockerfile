FROM golang:1.23 AS builder
WORKDIR /srv/web
COPY go.mod ./
RUN go mod download
COPY . .
RUN go build -o /srv/web/site ./cmd/web

FROM debian:bookworm-slim
WORKDIR /srv/web
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /srv/web/templates /srv/web/templates
COPY --from=builder /srv/web/site /srv/web/site
CMD ["/srv/web/site"]
