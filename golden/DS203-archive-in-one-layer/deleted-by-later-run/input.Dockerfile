FROM debian:bookworm-slim
RUN wget -O /tmp/dist.zip https://example.org/dist.zip && unzip /tmp/dist.zip -d /srv
COPY nginx.conf /etc/nginx/nginx.conf
RUN rm -rf /tmp/*
