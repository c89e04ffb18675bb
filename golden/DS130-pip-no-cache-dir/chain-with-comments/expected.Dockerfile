FROM python:3.11-slim
WORKDIR /app
COPY . .
# build the wheels, then install them
RUN set -eux; \
    # upgrade the installer first
    pip3 install --no-cache-dir -U pip; \
    if [ -f requirements.txt ]; then \
        pip3.11 install --no-cache-dir -r requirements.txt; \
    fi; \
    pip wheel --wheel-dir /wheels .
