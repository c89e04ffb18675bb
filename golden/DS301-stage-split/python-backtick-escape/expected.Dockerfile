# escape=`
FROM python:3.11 AS builder
WORKDIR /app
RUN apt-get update && `
    apt-get install -y --no-install-recommends `
        gcc `
        libjpeg62-turbo-dev `
        zlib1g-dev && `
    rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.11
WORKDIR /app
RUN apt-get update && `
    apt-get install -y --no-install-recommends `
        libjpeg62-turbo `
        zlib1g && `
    rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir `
    /wheels/*.whl
COPY . .
CMD ["python", "app.py"]
