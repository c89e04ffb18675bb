FROM golang:1.22-bookworm
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/app ./cmd/app && upx /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]
