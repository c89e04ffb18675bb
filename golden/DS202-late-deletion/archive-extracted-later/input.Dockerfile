FROM debian:bookworm
RUN curl -fsSL -o /tmp/go.tgz https://go.dev/dl/go1.22.0.linux-amd64.tar.gz
ENV PATH=/usr/local/go/bin:$PATH
RUN tar -C /usr/local -xzf /tmp/go.tgz && rm /tmp/go.tgz
