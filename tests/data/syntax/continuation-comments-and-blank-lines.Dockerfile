FROM alpine
RUN apk add --no-cache \
    # the shell tools
    bash \

    # comments with leading spaces
  # and less indentation
    curl \
#no space
    jq
