FROM python:3.11
RUN pip install --no-cache-dir pipenv
WORKDIR /app
COPY Pipfile Pipfile.lock ./
RUN pipenv requirements > requirements.txt \
    && pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "-m", "app"]
