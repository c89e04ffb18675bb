FROM python:3.11-slim
SHELL ["/bin/zsh", "-c"]
RUN pip install flask
