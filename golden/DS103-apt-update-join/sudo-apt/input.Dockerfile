FROM mcr.microsoft.com/devcontainers/base:ubuntu
USER vscode
RUN sudo apt update
RUN sudo apt install -y shellcheck
