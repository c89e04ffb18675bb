FROM debian:bookworm
LABEL maintainer=data-team
RUN wget --quiet --directory-prefix=/tmp/dl https://example.net/files/dataset-2024.zip && \
    unzip -q /tmp/dl/dataset-2024.zip -d /srv/data && rm -rf /tmp/dl
