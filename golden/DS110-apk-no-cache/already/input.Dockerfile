FROM alpine:3.19
RUN apk add --no-cache curl && apk --no-cache add bash
RUN apk add --update --no-cache tzdata
