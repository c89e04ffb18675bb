FROM golang:1.22-alpine3.19 AS builder
RUN apk add --no-cache git ca-certificates
WORKDIR /build
COPY . .
RUN go build -o app .

FROM alpine:3.19
RUN apk add --no-cache git ca-certificates
WORKDIR /build
COPY --from=builder /build/app /build/app
CMD ["/build/app"]
