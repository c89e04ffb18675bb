# syntax=docker/dockerfile:1
# The web front end: one static binary
FROM golang:1.22-bookworm
ENV CGO_ENABLED=0
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags="-s -w" -o /usr/local/bin/web ./cmd/web
USER 65534:65534
EXPOSE 8080
HEALTHCHECK CMD ["/usr/local/bin/web", "-healthcheck"]
ENTRYPOINT ["/usr/local/bin/web"]
CMD ["-listen", ":8080"]
