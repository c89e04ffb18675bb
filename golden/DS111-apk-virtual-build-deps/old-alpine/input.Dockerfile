FROM python:3.8-alpine3.12
RUN apk add --no-cache gcc musl-dev openssl-dev libffi-dev && pip install cryptography==3.3
