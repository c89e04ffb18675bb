FROM golang:1.23
WORKDIR /srv/web
COPY go.mod ./
RUN go mod download
COPY . .
RUN go build -o /srv/web/site ./cmd/web
CMD ["/srv/web/site"]
