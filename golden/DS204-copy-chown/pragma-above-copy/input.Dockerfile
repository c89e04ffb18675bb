FROM python:3.12-slim
# dockslim: ignore=DS204
COPY . /opt/app
RUN chown -R nobody /opt/app
