FROM python:3.12-slim
COPY app/ /srv/app/
COPY settings.py /srv/app/settings.py
RUN chown -R www-data:www-data /srv/app
