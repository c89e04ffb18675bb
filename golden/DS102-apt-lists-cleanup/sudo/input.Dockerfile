FROM mcr.microsoft.com/devcontainers/base:ubuntu
USER vscode
RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends shellcheck
