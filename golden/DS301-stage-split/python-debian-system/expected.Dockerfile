FROM debian:bookworm AS builder
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip python3-dev gcc libyaml-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/tool
COPY requirements.txt .
RUN pip3 wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip libyaml-0-2 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/tool
COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip3 install --no-index --find-links=/wheels --break-system-packages --no-cache-dir /wheels/*.whl
COPY tool.py .
ENTRYPOINT ["python3", "tool.py"]
