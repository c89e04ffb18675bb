FROM python:3.12-slim
# the app writes its uploads next to the code
COPY --chown=1001:1001 . /srv/app
RUN groupadd -g 1001 app && useradd -u 1001 -g app -M app
USER 1001
CMD ["python", "/srv/app/main.py"]
