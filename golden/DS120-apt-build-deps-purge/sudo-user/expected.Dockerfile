FROM debian:12
RUN apt-get update && apt-get install -y sudo python3 python3-venv && useradd -m dev && echo "dev ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/dev
USER dev
WORKDIR /home/dev
RUN python3 -m venv venv
RUN sudo apt-get update && sudo apt-get install -y gcc python3-dev libyaml-dev libyaml-0-2 && ./venv/bin/pip install pyyaml && sudo apt-mark auto gcc python3-dev libyaml-dev && sudo apt-get autoremove -y --purge
CMD ["./venv/bin/python", "-m", "app"]
