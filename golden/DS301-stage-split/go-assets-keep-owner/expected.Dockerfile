FROM golang:1.22-bookworm AS builder
RUN useradd --create-home --uid 1000 notes
WORKDIR /app
COPY --chown=notes:notes go.mod main.go ./
# the SQLite database is created in db/ at start
COPY --chown=notes:notes db ./db
RUN go build -o /usr/local/bin/notes

FROM debian:bookworm-slim
RUN useradd --create-home --uid 1000 notes
WORKDIR /app
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder --chown=notes:notes /app/db /app/db
COPY --from=builder /usr/local/bin/notes /usr/local/bin/notes
USER notes
CMD ["notes", "-db", "/app/db/notes.sqlite"]
