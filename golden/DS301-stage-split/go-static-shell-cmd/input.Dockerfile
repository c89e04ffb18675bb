FROM golang:1.22-bookworm
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/worker .
CMD /usr/local/bin/worker --queue "${QUEUE:-default}"
