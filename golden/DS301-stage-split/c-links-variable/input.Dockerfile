FROM gcc:13
ENV LDLIBS="-lcurl -lssl"
COPY main.c /src/
RUN gcc -O2 -o /usr/local/bin/fetch /src/main.c $LDLIBS
CMD ["fetch"]
