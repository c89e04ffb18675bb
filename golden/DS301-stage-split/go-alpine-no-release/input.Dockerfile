FROM golang:alpine
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/app ./cmd/app
ENTRYPOINT ["/usr/local/bin/app"]
