FROM mcr.microsoft.com/devcontainers/base:ubuntu
USER vscode
RUN sudo apt update && sudo apt install -y shellcheck
