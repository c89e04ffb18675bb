FROM python:3.12-slim
COPY wheels/ /wheels/
RUN pip install --no-cache /wheels/*
RUN pip3 install --no-ca -r /wheels/requirements.txt
RUN pip install --no-cache-d gunicorn && pip install --no-cache-dir --no-c uvicorn
CMD ["python", "-m", "app"]
