FROM python:3.11-slim
RUN pip install --no-cache-dir jupyterlab pandas matplotlib
RUN pip install --no-cache-dir flake8 black
WORKDIR /home/notebooks
EXPOSE 8888
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser", "--allow-root"]
