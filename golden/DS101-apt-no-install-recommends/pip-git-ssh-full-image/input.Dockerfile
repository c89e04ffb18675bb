# the full python image (buildpack-deps) has openssh-client: nothing to keep for git+ssh
FROM python:3.11
RUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*
RUN --mount=type=ssh pip install --no-cache-dir git+ssh://git@github.com/example/private.git
