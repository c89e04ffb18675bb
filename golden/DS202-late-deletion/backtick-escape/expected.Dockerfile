# escape=`
FROM python:3.12-slim
RUN pip install `
    gunicorn `
    flask && `
    rm -rf /root/.cache/pip
EXPOSE 8000
