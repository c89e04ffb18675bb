ARG BASE
FROM $BASE
RUN apt-get update && apt-get dist-upgrade -y
