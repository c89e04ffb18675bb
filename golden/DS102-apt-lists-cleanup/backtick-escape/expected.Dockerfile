# escape=`
FROM ubuntu:22.04
RUN apt-get update && `
    apt-get install -y --no-install-recommends `
        unzip `
        zip && `
    rm -rf /var/lib/apt/lists/*
