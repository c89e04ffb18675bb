FROM python:3.11
WORKDIR /src
COPY . .
RUN pip install --no-cache-dir ".[mysql]"
CMD ["service"]
