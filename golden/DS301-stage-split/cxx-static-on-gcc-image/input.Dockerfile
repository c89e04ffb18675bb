FROM gcc:13
WORKDIR /src
COPY main.cpp .
RUN g++ -O2 -static -o /usr/local/bin/tick main.cpp
ENTRYPOINT ["/usr/local/bin/tick"]
