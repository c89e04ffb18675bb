FROM golang:1.23
WORKDIR /srv/web
COPY . .
RUN go build -o /srv/web/site .
CMD ["/srv/web/site"]
