FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN apt-get install -y -o APT::Install-Recommends=false wget
RUN apt-get install --option=APT::Install-Recommends=0 -y less
RUN apt-get install --install-recommends -y texlive
RUN apt-get download libc6 && apt-cache policy curl
