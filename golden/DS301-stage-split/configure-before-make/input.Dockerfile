FROM gcc:13
WORKDIR /src
COPY . .
RUN ./configure --prefix=/usr/local
RUN make
CMD ["./hello"]
