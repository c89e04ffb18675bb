FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip python3-dev gcc libyaml-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/tool
COPY requirements.txt .
RUN pip3 install --break-system-packages --no-cache-dir -r requirements.txt
COPY tool.py .
ENTRYPOINT ["python3", "tool.py"]
