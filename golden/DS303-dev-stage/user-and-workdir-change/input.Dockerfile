FROM python:3.11
WORKDIR /build
COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/base.txt
RUN pip install --no-cache-dir -r requirements/test.txt pytest-cov
RUN useradd --create-home app
WORKDIR /home/app
COPY --chown=app . .
USER app
CMD ["python", "-m", "app"]
