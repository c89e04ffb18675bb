FROM alpine:3.20
ENV BUILD_DEPS \
		autoconf \
		make
RUN set -eux; \
	apk add --no-cache --virtual .build-deps \
		$BUILD_DEPS \
		zlib-dev \
	; \
	\
# the sources were copied in by an earlier step
	make -C /usr/src/tool -j "$(nproc)" PREFIX=/usr/local install; \
	runDeps="$( \
		scanelf --needed --nobanner --recursive /usr/local \
			| awk '{ print "so:" $1 }' \
			| sort -u \
	)"; \
	apk add --no-cache $runDeps; \
	\
	apk del .build-deps; \
	\
# smoke test
	tool --version
