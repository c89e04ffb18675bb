FROM python:3.11-alpine3.18
COPY requirements.txt .
RUN apk add --no-cache --virtual .build-deps g++ musl-dev linux-headers && apk add --no-cache libstdc++ libgcc && pip install --no-cache-dir -r requirements.txt && apk del .build-deps
CMD ["python", "-m", "app"]
