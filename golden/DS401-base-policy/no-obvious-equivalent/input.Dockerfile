FROM python:latest
CMD ["python"]
