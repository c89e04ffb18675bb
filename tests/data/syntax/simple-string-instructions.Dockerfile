FROM alpine
MAINTAINER Jane Doe <jane@example.com>
USER app:app   
WORKDIR /srv/app 
STOPSIGNAL SIGTERM
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
USER
