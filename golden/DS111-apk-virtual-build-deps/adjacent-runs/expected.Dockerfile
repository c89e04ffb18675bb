FROM python:3.12-alpine
WORKDIR /app
COPY . .
# compilers for the C extensions
# install the project
RUN apk add --no-cache --virtual .build-deps build-base linux-headers \
    && apk add --no-cache libstdc++ libgcc \
    && pip install --no-cache-dir . \
    && apk del .build-deps \
    && rm -rf /root/.cache
ENTRYPOINT ["app"]
