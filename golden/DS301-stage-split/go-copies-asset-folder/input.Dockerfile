FROM golang:1.22-bookworm
WORKDIR /app
COPY go.mod go.sum ./
RUN go mod download
COPY *.go ./
COPY templates ./templates
COPY static/ ./public/
COPY app.toml .
RUN go build -o /usr/local/bin/shop
CMD ["shop"]
