FROM python:3.12-slim
WORKDIR /opt/app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . /opt/app
RUN useradd -u 1001 app
RUN chmod +x /opt/app/entrypoint.sh \
    && chown -R 1001:1001 /opt/app
USER 1001
ENTRYPOINT ["/opt/app/entrypoint.sh"]
