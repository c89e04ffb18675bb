# escape=`
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go vet ./... `
    && go build -o /usr/local/bin/app .
CMD ["/usr/local/bin/app"]
