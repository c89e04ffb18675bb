FROM golang:1.22 AS builder
WORKDIR /src
COPY . .
RUN go build -o /out/app .
FROM golang:1.22
COPY --from=builder /out/app /app
CMD ["/app"]
