FROM golang:1.22-bookworm AS builder
# gcc for cgo; imagemagick converts the uploads
RUN apt-get update && apt-get install -y --no-install-recommends gcc imagemagick && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# modules first: they change less often than the code
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# the service binary
RUN go build -o /usr/local/bin/thumbs ./cmd/thumbs

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends imagemagick && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /usr/local/bin/thumbs /usr/local/bin/thumbs
CMD ["thumbs"]
