FROM debian:bookworm-slim
ARG INSTALLER=/opt/setup/install.sh
RUN mkdir -p /opt/app
RUN "$INSTALLER" --prefix /opt/tool && mkdir -p /opt/tool/etc
