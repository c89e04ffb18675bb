FROM debian:12
RUN apt-get -qq update && DEBIAN_FRONTEND=noninteractive apt-get -qqy install --no-install-recommends tzdata >/dev/null
