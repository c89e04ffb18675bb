FROM golang:1.22-bookworm
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum main.go ./
RUN go build -ldflags "-s -w -X main.version=${VERSION}" -o /usr/local/bin/api .
ENTRYPOINT ["/usr/local/bin/api"]
