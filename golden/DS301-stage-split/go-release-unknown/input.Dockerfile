FROM golang:1.18
WORKDIR /src
COPY . .
RUN go build -o /out/worker ./worker
ENTRYPOINT ["/out/worker"]
