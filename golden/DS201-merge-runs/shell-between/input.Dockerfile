FROM debian:bookworm
RUN apt-get update
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.org/install.sh | bash
