FROM registry.example.com/platform/runtime:2024.1
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5
