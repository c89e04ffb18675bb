FROM golang:1.22-bookworm
# gcc for cgo; imagemagick converts the uploads
RUN apt-get update && apt-get install -y --no-install-recommends gcc imagemagick && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# modules first: they change less often than the code
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# the service binary
RUN go build -o /usr/local/bin/thumbs ./cmd/thumbs
CMD ["thumbs"]
