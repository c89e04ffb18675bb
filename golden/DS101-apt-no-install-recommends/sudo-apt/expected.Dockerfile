FROM mcr.microsoft.com/devcontainers/base:ubuntu
USER vscode
RUN sudo apt update && sudo -E apt install --no-install-recommends -y shellcheck
