FROM golang:1.22-alpine
WORKDIR /src
COPY . .
RUN apk add --no-cache build-base && CGO_ENABLED=1 go build -o /usr/local/bin/app ./cmd/app
ENTRYPOINT ["app"]
