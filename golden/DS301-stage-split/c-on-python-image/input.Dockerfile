FROM python:3.11
WORKDIR /src
COPY . .
RUN gcc -O2 -o /usr/local/bin/hello hello.c
CMD ["/usr/local/bin/hello"]
