FROM debian:bookworm
WORKDIR /srv
RUN wget -O /tmp/z.zip https://example.com/z.zip && unzip /tmp/z.zip -d /opt
COPY site.conf /etc/site.conf
RUN cd /tmp && rm -rf ./*
