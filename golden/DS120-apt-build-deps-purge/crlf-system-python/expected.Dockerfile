FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y python3-dev python3-pip gcc libffi-dev python3 libffi8 && \
    pip3 install --break-system-packages cffi && \
    apt-mark auto python3-dev gcc libffi-dev && \
    apt-get autoremove -y --purge
CMD ["python3", "-c", "import cffi"]
