FROM golang:1.22
RUN ( cd /go/src/app && go build -o /usr/local/bin/app . ) && \
    go clean -cache
