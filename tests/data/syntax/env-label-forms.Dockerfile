FROM alpine
ENV OLD value with spaces
ENV OLD2   two  spaces kept  
ENV NEW=1 QUOTED="a b" SINGLE='c d' ESCAPED=e\ f EMPTY= DQ="x\"y"
ENV MULTI=1 \
    LINE=2
LABEL maintainer="dev@example.com" \
      org.opencontainers.image.title='dockslim' \
      "quoted key"="v"
LABEL old style label
LABEL k=v\=w
