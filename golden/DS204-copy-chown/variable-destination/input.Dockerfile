FROM python:3.12-slim
ENV APP_HOME=/opt/app
COPY . $APP_HOME
RUN chown -R nobody $APP_HOME
