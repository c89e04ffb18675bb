FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y build-essential
COPY hello.c .
RUN gcc -O2 -o /hello hello.c

FROM debian:bookworm
COPY --from=build /hello /usr/local/bin/hello
ENTRYPOINT ["hello"]
