# syntax=docker/dockerfile:1
FROM golang:1.22-bookworm AS builder
ENV CGO_ENABLED=0
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags="-s -w" -o /usr/local/bin/web ./cmd/web

# The web front end: one static binary
FROM debian:bookworm-slim
ENV CGO_ENABLED=0
WORKDIR /src
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /src/config.yaml /src/config.yaml
COPY --from=builder /src/templates /src/templates
COPY --from=builder /usr/local/bin/web /usr/local/bin/web
USER 65534:65534
EXPOSE 8080
HEALTHCHECK CMD ["/usr/local/bin/web", "-healthcheck"]
ENTRYPOINT ["/usr/local/bin/web"]
CMD ["-listen", ":8080"]
