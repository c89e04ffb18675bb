FROM python:3.12-slim
COPY . /srv/app
RUN groupadd -g 1001 app && useradd -u 1001 -g app -M app
# the app writes its uploads next to the code
RUN chown -R 1001:1001 /srv/app
USER 1001
CMD ["python", "/srv/app/main.py"]
