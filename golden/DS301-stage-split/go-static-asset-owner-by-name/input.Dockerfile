FROM golang:1.22-bookworm
WORKDIR /app
COPY go.mod main.go ./
COPY --chown=nobody:nogroup db ./db
RUN CGO_ENABLED=0 go build -o /usr/local/bin/notes
USER 65534
CMD ["notes"]
