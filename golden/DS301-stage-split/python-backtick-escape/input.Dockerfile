# escape=`
FROM python:3.11
WORKDIR /app
RUN apt-get update && `
    apt-get install -y --no-install-recommends `
        gcc `
        libjpeg62-turbo-dev `
        zlib1g-dev && `
    rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir `
    -r requirements.txt
COPY . .
CMD ["python", "app.py"]
