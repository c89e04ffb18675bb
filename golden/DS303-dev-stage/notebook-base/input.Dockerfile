FROM jupyter/scipy-notebook:2023-10-20
COPY requirements.txt /tmp/
RUN pip install --no-cache-dir -r /tmp/requirements.txt
RUN pip install --no-cache-dir flake8
