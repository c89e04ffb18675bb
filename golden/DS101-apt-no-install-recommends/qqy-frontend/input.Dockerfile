FROM debian:12
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -qqy install tzdata locales >/dev/null
