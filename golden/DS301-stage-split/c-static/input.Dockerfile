FROM gcc:13
COPY hello.c /usr/src/hello/
RUN gcc -static -O2 -o /usr/local/bin/hello /usr/src/hello/hello.c
ENTRYPOINT ["hello"]
