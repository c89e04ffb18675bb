FROM python:3.11-slim
RUN <<EOF
set -e
pip install --no-cache-dir flask gunicorn
echo "pip install later" > /notes.txt
EOF
RUN <<EOF python3
import subprocess
subprocess.run(["pip", "install", "x"])
EOF
