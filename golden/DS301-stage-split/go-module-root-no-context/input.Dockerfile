FROM golang:1.22-bookworm
WORKDIR /src
COPY go.mod go.sum main.go ./
RUN go build
CMD ["./server"]
