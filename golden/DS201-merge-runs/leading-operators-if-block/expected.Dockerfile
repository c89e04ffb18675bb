FROM debian:bookworm-slim
COPY . /src
RUN mkdir -p /src/build \
 && if [ -d /src/.git ]; then \
      git -C /src describe --tags > /src/VERSION; \
      rm -rf /src/.git; \
    else \
      echo unknown > /src/VERSION; \
    fi \
 && make -C /src \
 && cp /src/build/app /usr/local/bin/app \
 && chmod +x /usr/local/bin/app
