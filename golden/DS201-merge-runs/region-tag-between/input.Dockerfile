FROM python:3.12-slim
# [START install]
RUN pip install -r /tmp/requirements.txt
# [END install]
RUN pip cache purge
