FROM debian:bookworm-slim
COPY app/ /opt/app/
RUN chown -R www-data:www-data /var/www
