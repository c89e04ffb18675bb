FROM registry.example.com/dev/base:ubuntu
USER vscode
RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends shellcheck
