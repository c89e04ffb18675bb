FROM debian:stretch
RUN apt-get update && apt-get install --no-install-recommends -y gnupg dirmngr \
    && apt-key adv --keyserver hkp://keyserver.ubuntu.com:80 --recv-keys 0xB1998361219BD9C9
