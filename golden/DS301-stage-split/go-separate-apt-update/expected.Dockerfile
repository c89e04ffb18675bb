FROM golang:1.22-bookworm AS builder
RUN apt-get update
RUN apt-get install -y libsqlite3-dev
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/notes .

FROM debian:bookworm-slim
RUN apt-get update
RUN apt-get install -y libsqlite3-0
WORKDIR /src
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /usr/local/bin/notes /usr/local/bin/notes
CMD ["/usr/local/bin/notes"]
