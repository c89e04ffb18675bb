FROM python:3.11-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc gfortran \
    && pip install --no-cache-dir --no-binary pyfftw-fortran pyfftw-fortran \
    && rm -rf /var/lib/apt/lists/*
