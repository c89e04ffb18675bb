FROM python:3.12-alpine
WORKDIR /srv

# requirements first, for the build cache
COPY requirements.txt .

# toolchain for the wheels
# the wheels
RUN apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev && apk add --no-cache libffi && pip install --no-cache-dir -r requirements.txt && apk del .build-deps

COPY . .
CMD ["python", "-m", "srv"]
