FROM debian:bookworm-slim
RUN wget -q https://example.org/fonts/noto-sans-2.0.zip && unzip -q noto-sans-2.0.zip -d /usr/share/fonts/noto
COPY fonts.conf /etc/fonts/local.conf
RUN rm /noto-sans-2.0.zip
