# escape=`
FROM debian:bookworm
RUN curl -fsSL -o /tmp/x.tgz https://example.org/x.tgz && `
    tar -xzf /tmp/x.tgz -C /opt && `
    rm -f /tmp/x.tgz
