FROM python:3.11 AS builder
RUN pip wheel --wheel-dir /wheels flask
FROM python:3.11
COPY --from=builder /wheels /wheels
RUN ["pip", "install", "--no-index", "--find-links=/wheels", "flask"]
CMD ["flask", "run"]
