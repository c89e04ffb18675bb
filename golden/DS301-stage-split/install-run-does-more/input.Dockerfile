FROM golang:1.22-bookworm
WORKDIR /src
RUN apt-get update && apt-get install -y ca-certificates && update-ca-certificates
COPY . .
RUN go build -o /usr/local/bin/app ./cmd/app
ENTRYPOINT ["/usr/local/bin/app"]
