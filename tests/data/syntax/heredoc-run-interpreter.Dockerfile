FROM python:3.12-slim
RUN <<EOF bash
set -euxo pipefail
apt-get update
EOF
RUN python3 <<'PY'
import sys
print(sys.version)
PY
RUN <<EOF
#!/usr/bin/env python3
print("shebang body")
EOF
