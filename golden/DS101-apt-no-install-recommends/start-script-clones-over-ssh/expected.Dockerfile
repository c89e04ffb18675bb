FROM debian:bookworm-slim
RUN apt-get update && apt-get install --no-install-recommends -y git openssh-client ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --chmod=755 entrypoint.sh /entrypoint.sh
ENTRYPOINT ["/entrypoint.sh"]
