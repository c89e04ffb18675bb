FROM gcc:13
WORKDIR /src
COPY . .
RUN if [ -f Makefile ]; then make; fi
CMD ["./hello"]
