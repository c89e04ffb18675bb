FROM debian:bookworm
RUN apt-get update && apt-get install -y gnupg \
    && gpg --batch --keyserver hkp://keyserver.ubuntu.com:80 --recv-keys 0xB1998361219BD9C9
