FROM golang:1.22-bookworm
WORKDIR /src
COPY . .
RUN go build ./cmd/app
ENTRYPOINT ["/src/app"]
