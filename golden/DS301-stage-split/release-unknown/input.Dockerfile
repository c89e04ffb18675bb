FROM python:3.7-slim
RUN apt-get update && apt-get install -y gcc libffi-dev
RUN pip install cffi
CMD ["python"]
