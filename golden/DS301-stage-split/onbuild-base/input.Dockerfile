FROM python:3-onbuild
RUN apt-get update && apt-get install -y libxml2-dev
RUN pip install lxml
CMD ["python", "app.py"]
