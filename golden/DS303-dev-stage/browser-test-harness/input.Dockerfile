FROM python:3.10
RUN apt-get update && apt-get install -y --no-install-recommends xvfb firefox-esr && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL https://github.com/mozilla/geckodriver/releases/download/v0.34.0/geckodriver-v0.34.0-linux64.tar.gz \
    | tar -xz -C /usr/local/bin
COPY requirements.txt requirements-test.txt ./
RUN pip install -r requirements.txt
RUN pip install -r requirements-test.txt
COPY . /app
ENTRYPOINT ["/app/run-suite.sh"]
