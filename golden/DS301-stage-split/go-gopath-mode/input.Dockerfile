FROM golang:1.22-bookworm
ENV GO111MODULE=auto
WORKDIR /go/src/github.com/acme/legacy
COPY . .
RUN go get -d -v ./...
RUN go install -v
CMD ["legacy"]
