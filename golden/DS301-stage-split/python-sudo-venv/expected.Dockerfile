FROM debian:bookworm AS builder
RUN apt-get update && apt-get install -y --no-install-recommends sudo python3 python3-venv \
    && useradd -m dev && echo "dev ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/dev
WORKDIR /home/dev
RUN python3 -m venv venv
COPY --chown=dev requirements.txt .
RUN sudo apt-get update && sudo apt-get install -y gcc python3-dev libyaml-dev && ./venv/bin/pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends sudo python3 python3-venv \
    && useradd -m dev && echo "dev ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/dev
USER dev
WORKDIR /home/dev
RUN python3 -m venv venv
COPY --chown=dev requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels sudo apt-get update && sudo apt-get install -y python3 libyaml-0-2 && ./venv/bin/pip install --no-index --find-links=/wheels /wheels/*.whl
CMD ["./venv/bin/python", "-m", "app"]
