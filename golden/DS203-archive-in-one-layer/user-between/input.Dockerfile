FROM debian:bookworm
RUN curl -fsSL -o /tmp/x.tgz https://example.org/x.tgz
USER app
RUN tar -xzf /tmp/x.tgz -C /home/app && rm /tmp/x.tgz
