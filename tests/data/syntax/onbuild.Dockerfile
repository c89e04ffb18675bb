FROM alpine
ONBUILD ADD . /app/src
ONBUILD RUN --mount=type=cache,target=/root/.cache make -C /app/src
ONBUILD COPY --from=builder /out /out
ONBUILD ENV A=1 B="two words"
ONBUILD CMD ["run"]
ONBUILD
ONBUILD run lower
ONBUILD ONBUILD RUN nested
