FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download && go build ./...
COPY . .
RUN go build -o /usr/local/bin/app . && go clean -cache
CMD ["app"]
