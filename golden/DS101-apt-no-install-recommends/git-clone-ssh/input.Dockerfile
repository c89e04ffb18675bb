FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y git openssh-client
RUN --mount=type=ssh git clone git@github.com:example/private.git /src && apt-get purge -y git openssh-client
