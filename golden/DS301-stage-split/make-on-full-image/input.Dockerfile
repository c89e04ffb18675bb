FROM gcc:13
WORKDIR /src
COPY . .
RUN make
CMD ["./hello"]
