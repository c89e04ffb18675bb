FROM python:3.8-alpine3.12
RUN apk add --no-cache --virtual .build-deps gcc musl-dev openssl-dev libffi-dev && apk add --no-cache libssl1.1 libcrypto1.1 libffi && pip install cryptography==3.3 && apk del .build-deps
