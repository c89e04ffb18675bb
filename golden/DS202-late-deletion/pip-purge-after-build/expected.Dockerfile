FROM python:3.12-slim
WORKDIR /src
COPY requirements.txt .
RUN pip install -r requirements.txt && pip cache purge
COPY . .
RUN python -m compileall -q .
