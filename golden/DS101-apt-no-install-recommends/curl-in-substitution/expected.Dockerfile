FROM debian:bookworm
RUN apt-get update && apt-get install --no-install-recommends -y curl zsh ca-certificates
RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"
