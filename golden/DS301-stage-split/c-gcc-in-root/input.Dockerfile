FROM gcc:13
COPY hello.c /src/
COPY app.conf /etc/app.conf
RUN gcc -O2 -ohello /src/hello.c
CMD ["/hello"]
