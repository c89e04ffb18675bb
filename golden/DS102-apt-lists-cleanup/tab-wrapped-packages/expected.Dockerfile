FROM ubuntu:24.04
RUN apt-get -y update && apt-get -y install --no-install-recommends \
	build-essential \
	cmake \
	git && \
	rm -rf /var/lib/apt/lists/*
