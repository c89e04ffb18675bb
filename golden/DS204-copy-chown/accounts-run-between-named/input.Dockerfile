FROM python:3.12-slim
COPY . /srv/app
RUN useradd --system app
RUN chown -R app:app /srv/app
USER app
CMD ["python", "/srv/app/main.py"]
