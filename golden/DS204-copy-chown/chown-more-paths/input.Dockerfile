FROM python:3.12-slim
RUN mkdir -p /var/log/app /var/uploads
COPY . /srv/app
RUN useradd -u 1001 app
RUN chown -R 1001:1001 /srv/app /var/log/app /var/uploads
USER 1001
CMD ["python", "/srv/app/main.py"]
