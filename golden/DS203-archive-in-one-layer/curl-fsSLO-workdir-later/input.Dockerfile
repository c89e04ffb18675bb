FROM debian:bookworm-slim
WORKDIR /usr/local/src
RUN curl -fsSLO https://www.python.org/ftp/python/3.12.2/Python-3.12.2.tar.xz
ARG JOBS=4
RUN tar -xJf Python-3.12.2.tar.xz && rm Python-3.12.2.tar.xz && cd Python-3.12.2 && ./configure && make -j"$JOBS" install
