FROM python:3.11-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc gfortran libgfortran5 \
    && pip install --no-cache-dir --no-binary pyfftw-fortran pyfftw-fortran \
    && apt-mark auto gcc gfortran \
    && apt-get autoremove -y --purge \
    && rm -rf /var/lib/apt/lists/*
