FROM golang:1.22-bookworm AS builder
WORKDIR /app
COPY go.mod main.go ./
COPY --chown=nobody:nogroup db ./db
RUN CGO_ENABLED=0 go build -o /usr/local/bin/notes

FROM debian:bookworm-slim
WORKDIR /app
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder --chown=nobody:nogroup /app/db /app/db
COPY --from=builder /usr/local/bin/notes /usr/local/bin/notes
USER 65534
CMD ["notes"]
