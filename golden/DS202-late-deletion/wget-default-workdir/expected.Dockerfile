FROM debian:bookworm-slim
RUN wget -q https://example.org/fonts/noto-sans-2.0.zip && unzip -q noto-sans-2.0.zip -d /usr/share/fonts/noto && rm /noto-sans-2.0.zip
RUN fc-cache -f
