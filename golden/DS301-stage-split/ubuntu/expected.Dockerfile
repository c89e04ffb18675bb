FROM ubuntu:22.04 AS builder
RUN apt-get update && apt-get install -y python3-pip python3-dev libpq-dev gcc
RUN pip3 wheel --no-cache-dir --wheel-dir /wheels psycopg2

FROM ubuntu:22.04
RUN apt-get update && apt-get install -y python3-pip python3 libpq5
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip3 install --no-index --find-links=/wheels /wheels/*.whl
CMD ["python3"]
