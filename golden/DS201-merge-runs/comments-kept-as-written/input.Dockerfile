FROM alpine:3.20
RUN apk add --no-cache tini

# the runtime directory
  # (world-writable, sticky)
RUN mkdir /run/app && chmod 1777 /run/app
	# the service account
RUN adduser -D -u 1000 app
