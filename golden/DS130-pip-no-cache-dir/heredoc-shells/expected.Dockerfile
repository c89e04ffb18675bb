# syntax=docker/dockerfile:1
FROM python:3.12-slim
# the body runs in bash: its pip install is edited
RUN <<EOF bash
set -o pipefail
pip install --no-cache-dir gunicorn
EOF
# the body is Python: left alone
RUN <<EOF python3
import subprocess
subprocess.run(["pip", "install", "x"], check=True)
EOF
# the body is data for cat; the pip install on the line is edited
RUN cat <<EOF > /etc/pip.conf && pip install --no-cache-dir flask
[global]
timeout = 60
EOF
