FROM gcc:13 AS builder
WORKDIR /src
COPY main.cpp .
RUN g++ -O2 -static -o /usr/local/bin/tick main.cpp

FROM scratch
WORKDIR /src
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /usr/local/bin/tick /usr/local/bin/tick
ENTRYPOINT ["/usr/local/bin/tick"]
