FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
COPY . .
# static binary
RUN CGO_ENABLED=0 go build -trimpath -o /usr/local/bin/app ./cmd/app && go clean -cache -modcache
EXPOSE 8080
CMD ["app", "--listen", ":8080"]
