FROM python:3.12-slim
ARG EXTRAS=""
RUN sh -c "pip install app$EXTRAS"
RUN sh -c "pip install \"flask>=3\""
RUN PIP_NO_CACHE_DIR=1 sh -c 'pip install flask'
CMD ["python", "-m", "app"]
