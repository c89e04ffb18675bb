FROM golang:1.22-bookworm
WORKDIR /src
COPY go.mod go.sum main.go ./
RUN GOARCH=arm64 go install .
CMD ["/go/bin/linux_arm64/app"]
