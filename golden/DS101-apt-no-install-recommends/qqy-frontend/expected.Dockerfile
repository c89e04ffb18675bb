FROM debian:12
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -qqy install --no-install-recommends tzdata locales >/dev/null
