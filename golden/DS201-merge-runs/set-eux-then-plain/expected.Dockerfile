FROM debian:bookworm-slim
RUN set -eux; \
	mkdir -p /usr/src/redis; \
	make -C /usr/src/redis -j "$(nproc)" all; \
	make -C /usr/src/redis install; \
	mkdir /data && chown redis:redis /data
VOLUME /data
