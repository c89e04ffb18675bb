FROM alpine AS builder
FROM alpine
COPY --chown="1000:1000" --chmod='0644' a /a
COPY --from="builder" /out /out
RUN --mount="type=bind,source=with space,target=/src" ls /src
RUN --mount=type=bind,source=with\ escape,target=/e ls
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a /a
COPY --link --parents a/b ./
