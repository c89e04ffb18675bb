FROM golang:1.22-alpine3.19
RUN apk add --no-cache git ca-certificates
WORKDIR /build
COPY . .
RUN go build -o app .
CMD ["/build/app"]
