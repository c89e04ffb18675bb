FROM debian:bookworm-slim
RUN set -eux; \
	mkdir -p /usr/src/redis; \
	make -C /usr/src/redis -j "$(nproc)" all; \
	make -C /usr/src/redis install; \
	rm -rf /usr/src/redis && mkdir /data
VOLUME /data
