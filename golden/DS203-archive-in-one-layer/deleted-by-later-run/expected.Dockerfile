FROM debian:bookworm-slim
RUN wget -O /tmp/dist.zip https://example.org/dist.zip && unzip /tmp/dist.zip -d /srv && rm -rf /tmp/*
COPY nginx.conf /etc/nginx/nginx.conf
