FROM debian:bookworm
RUN apt-get update && apt-get install -y curl zsh
RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"
