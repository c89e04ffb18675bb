# git only recommends openssh-client, and a clone from git@host:repo runs ssh
FROM debian:bookworm-slim
RUN apt-get update && apt-get install --no-install-recommends -y git openssh-client ca-certificates
RUN --mount=type=ssh git clone git@github.com:example/private.git /src
