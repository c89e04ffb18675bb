FROM node:20 AS assets
WORKDIR /assets
COPY frontend .
RUN npm ci && npm run build
FROM python:3.11
RUN apt-get update && apt-get install -y gcc libpq-dev
COPY --from=assets /assets/dist /app/static
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
