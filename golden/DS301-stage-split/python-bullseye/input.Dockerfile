FROM python:3.9-slim-bullseye
WORKDIR /srv
RUN apt-get update && apt-get install -y --no-install-recommends gcc libffi-dev libssl-dev libpq-dev
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "-m", "srv"]
