FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y python3-dev python3-pip gcc libffi-dev && \
    pip3 install --break-system-packages cffi
CMD ["python3", "-c", "import cffi"]
