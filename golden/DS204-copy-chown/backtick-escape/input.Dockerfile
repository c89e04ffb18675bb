# escape=`
FROM python:3.12-slim
COPY --from=ghcr.io/example/models:1 /models /opt/models
RUN chown -R 10001:10001 /opt/models `
    && python -c "print(1)"
