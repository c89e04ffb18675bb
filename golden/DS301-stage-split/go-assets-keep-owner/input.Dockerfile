FROM golang:1.22-bookworm
RUN useradd --create-home --uid 1000 notes
WORKDIR /app
COPY --chown=notes:notes go.mod main.go ./
# the SQLite database is created in db/ at start
COPY --chown=notes:notes db ./db
RUN go build -o /usr/local/bin/notes
USER notes
CMD ["notes", "-db", "/app/db/notes.sqlite"]
