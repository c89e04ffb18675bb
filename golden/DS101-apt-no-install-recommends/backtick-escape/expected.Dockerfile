# escape=`
FROM ubuntu:22.04
RUN apt-get update && `
    apt-get install --no-install-recommends -y `
        unzip `
        zip && `
    rm -rf /var/lib/apt/lists/*
