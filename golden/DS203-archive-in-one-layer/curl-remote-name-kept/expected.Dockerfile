FROM debian:bookworm-slim
WORKDIR /opt/tools
RUN curl --fail --location --remote-name https://example.org/pkg/linter-5.0.zip && unzip linter-5.0.zip && rm -f /opt/tools/linter-5.0.zip
