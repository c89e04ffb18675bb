FROM debian:bookworm-slim
COPY --chown=root:staff --chmod=750 bin/ /opt/tools/bin/
