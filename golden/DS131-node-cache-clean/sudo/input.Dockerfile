FROM node:20
RUN apt-get update && apt-get install -y --no-install-recommends sudo && rm -rf /var/lib/apt/lists/* \
    && echo 'node ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/node
USER node
RUN sudo npm install -g typescript@5
