FROM python:3.12-alpine AS app

WORKDIR /srv

# system packages needed to build the wheels
RUN apk update \
    && apk add jpeg-dev zlib-dev \
        gcc musl-dev linux-headers

# python packages
COPY requirements.txt ./
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
RUN pip install -r requirements.txt

COPY . .
CMD ["python", "-m", "app"]
