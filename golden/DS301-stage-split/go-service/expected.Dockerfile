FROM golang:1.22-bookworm AS builder
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata && rm -rf /var/lib/apt/lists/*
COPY go.mod go.sum ./
RUN go mod download
COPY config/default.yaml /etc/service/config.yaml
COPY . .
# static binary
RUN CGO_ENABLED=0 go build -trimpath -o /usr/local/bin/service ./cmd/service

FROM debian:bookworm-slim
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata && rm -rf /var/lib/apt/lists/*
COPY config/default.yaml /etc/service/config.yaml
COPY --from=builder /src/config /src/config
COPY --from=builder /usr/local/bin/service /usr/local/bin/service
EXPOSE 8080
USER nobody
ENTRYPOINT ["/usr/local/bin/service"]
