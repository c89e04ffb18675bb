FROM python:3.12-slim
ENV APP_HOME=/srv/app
WORKDIR $APP_HOME
RUN curl -LO https://example.org/models/model-small.bin
COPY serve.py .
RUN rm /srv/app/model-small.bin
