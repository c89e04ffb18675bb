# escape=`
FROM registry.example.com/base/ubuntu:22.04
RUN apt-get update && `
    apt-get install -y --no-install-recommends `
        unzip `
        zip && `
    apt-get clean
