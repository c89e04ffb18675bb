FROM python:3.12-alpine
WORKDIR /app
COPY . .
# compilers for the C extensions
RUN apk add --no-cache build-base linux-headers
# install the project
RUN pip install --no-cache-dir . \
    && rm -rf /root/.cache
ENTRYPOINT ["app"]
