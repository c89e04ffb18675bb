FROM golang:1.22
RUN [ -f /go/bin/app ] && return 0; go build -o /go/bin/app ./cmd/app
RUN go clean -cache
