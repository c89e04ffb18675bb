FROM python:3.12-slim
WORKDIR /build
RUN curl -fsSLO https://example.org/dist/libbar-2.0.tar.gz && \
    tar -xzf libbar-2.0.tar.gz -C /usr/local && \
    rm -f libbar-2.0.tar.gz
COPY requirements.txt constraints.txt ./
