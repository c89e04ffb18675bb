FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends sudo python3 python3-venv \
    && useradd -m dev && echo "dev ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/dev
USER dev
WORKDIR /home/dev
RUN python3 -m venv venv
COPY --chown=dev requirements.txt .
RUN sudo apt-get update && sudo apt-get install -y gcc python3-dev libyaml-dev && ./venv/bin/pip install -r requirements.txt
CMD ["./venv/bin/python", "-m", "app"]
