FROM python:3.12-slim AS app
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt \
    && pip install --no-cache-dir debugpy ipdb \
    && python -m compileall -q /usr/local/lib
COPY . .
EXPOSE 8000
CMD ["gunicorn", "srv.wsgi"]
