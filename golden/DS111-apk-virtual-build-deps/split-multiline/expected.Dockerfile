FROM python:3.12-alpine AS app

WORKDIR /srv

# python packages
COPY requirements.txt ./
ENV PIP_DISABLE_PIP_VERSION_CHECK=1

# system packages needed to build the wheels
RUN apk update \
    && apk add --virtual .build-deps jpeg-dev zlib-dev \
        gcc musl-dev linux-headers \
    && apk add libjpeg-turbo zlib \
    && pip install -r requirements.txt \
    && apk del .build-deps

COPY . .
CMD ["python", "-m", "app"]
