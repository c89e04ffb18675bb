FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt && rm -rf /root/.cache/pip
#RUN pip install -r requirements-dev.txt
COPY . .
