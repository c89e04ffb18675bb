FROM python:3.8-slim-buster AS builder
RUN apt-get update && apt-get install -y gcc libffi-dev libreadline-dev
COPY requirements.txt /tmp/
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r /tmp/requirements.txt

FROM python:3.8-slim-buster
RUN apt-get update && apt-get install -y libffi6 libreadline7
COPY requirements.txt /tmp/
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels /wheels/*.whl
COPY shell.py /usr/local/bin/
CMD ["python", "/usr/local/bin/shell.py"]
