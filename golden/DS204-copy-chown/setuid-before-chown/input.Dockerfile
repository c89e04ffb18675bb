FROM debian:12-slim
COPY tools /opt/tools
RUN chmod u+s /opt/tools/ping && chown -R 1001:1001 /opt/tools
RUN chmod 4755 /opt/tools/ping && chown -R 1001 /opt/tools
USER 1001
