FROM python:3.11 AS runtime
WORKDIR /build
COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/base.txt
RUN useradd --create-home app
WORKDIR /home/app
COPY --chown=app . .
USER app
CMD ["python", "-m", "app"]

FROM runtime AS dev
WORKDIR /build
USER root
RUN pip install --no-cache-dir -r requirements/test.txt pytest-cov
USER app
WORKDIR /home/app

FROM runtime
