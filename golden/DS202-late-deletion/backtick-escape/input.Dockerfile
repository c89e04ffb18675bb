# escape=`
FROM python:3.12-slim
RUN pip install `
    gunicorn `
    flask
EXPOSE 8000
RUN rm -rf /root/.cache/pip
