ARG PY=3.11-slim
FROM python:${PY}
CMD ["python"]
