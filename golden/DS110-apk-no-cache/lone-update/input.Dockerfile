FROM alpine:3.19
# fetch the package index
RUN apk update
RUN apk add curl
COPY app /usr/local/bin/app
CMD ["app"]
