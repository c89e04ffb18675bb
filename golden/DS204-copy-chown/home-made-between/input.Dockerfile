FROM python:3.12-slim
COPY . /home/app
RUN useradd -m -u 1001 app
RUN chown -R 1001:1001 /home/app
COPY conf /srv/conf
RUN useradd -u 1002 -d /srv/conf/home svc && chown -R 1002 /srv/conf
USER 1001
