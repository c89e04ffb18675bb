# escape=`
FROM python:3.12-slim
COPY --chown=10001:10001 --from=ghcr.io/example/models:1 /models /opt/models
RUN python -c "print(1)"
