FROM golang:1.22-alpine
WORKDIR /src
COPY . .
RUN apk add --no-cache --virtual .build-deps build-base && CGO_ENABLED=1 go build -o /usr/local/bin/app ./cmd/app && apk del .build-deps
ENTRYPOINT ["app"]
