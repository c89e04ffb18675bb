FROM golang:1.22-bookworm
WORKDIR /go/src/app
COPY . .
RUN go mod download && go install -v ./...
CMD ["app"]
