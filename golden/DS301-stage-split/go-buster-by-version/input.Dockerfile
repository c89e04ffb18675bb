FROM golang:1.14.4
WORKDIR /srv
COPY . .
RUN go build -o /srv/bin/hello .
CMD ["/srv/bin/hello"]
