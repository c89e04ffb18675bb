FROM alpine
# Ünïcödé comment ✓ 日本語
LABEL description="Ünïcödé ✓ 日本語" emoji="😀"
ENV GREETING=héllo NAME="Zoë"
RUN echo "ça marche 😀" > /tmp/ünï
WORKDIR /données
COPY --chown=1000:1000 ñ.txt /ñ.txt
