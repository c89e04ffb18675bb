FROM debian:bookworm
RUN wget --quiet --directory-prefix=/tmp/dl https://example.net/files/dataset-2024.zip
LABEL maintainer=data-team
RUN unzip -q /tmp/dl/dataset-2024.zip -d /srv/data && rm -rf /tmp/dl
