FROM alpine:3.19
RUN apk add --no-cache go
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/app .
CMD ["/usr/local/bin/app"]
