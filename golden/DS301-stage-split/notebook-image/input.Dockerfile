# a Jupyter image: its users compile and install from the notebooks, so the full image stays
FROM python:3.11
RUN pip install numpy pandas scikit-learn jupyterlab
WORKDIR /home/jovyan/work
COPY notebooks/ ./notebooks/
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser"]
