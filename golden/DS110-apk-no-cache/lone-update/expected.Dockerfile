FROM alpine:3.19
# fetch the package index
RUN apk add --no-cache curl
COPY app /usr/local/bin/app
CMD ["app"]
