FROM golang:1.19
WORKDIR /src
COPY . .
RUN go build -o /out/worker ./worker
ENTRYPOINT ["/out/worker"]
