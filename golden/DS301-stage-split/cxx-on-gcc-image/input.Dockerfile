FROM gcc:14
WORKDIR /opt/wordcount
COPY wordcount.cpp .
RUN g++ -std=c++20 -O2 -o wordcount wordcount.cpp
ENTRYPOINT ["./wordcount"]
