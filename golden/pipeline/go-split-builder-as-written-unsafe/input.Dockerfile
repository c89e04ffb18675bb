FROM golang:1.23
RUN apt-get update && apt-get install -y libpq-dev
WORKDIR /go/src/ledger
COPY . .
RUN go build -o /go/bin/ledger .
CMD ["/go/bin/ledger"]
