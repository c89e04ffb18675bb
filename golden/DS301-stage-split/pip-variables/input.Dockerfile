FROM python:3.11
RUN apt-get update && apt-get install -y gcc
ARG EXTRAS
RUN pip install $EXTRAS -r requirements.txt
CMD ["python", "app.py"]
