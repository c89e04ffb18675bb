FROM golang:1.22-alpine
RUN apk add --no-cache git \
    && go install golang.org/x/tools/gopls@v0.15.3 \
    && go install github.com/go-delve/delve/cmd/dlv@v1.22.1
