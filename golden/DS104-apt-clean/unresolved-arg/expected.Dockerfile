ARG BASE
FROM $BASE
RUN apt-get update && apt-get dist-upgrade -y && apt-get clean
