from python:3.11 as wheels
run pip wheel --wheel-dir /w psycopg2-binary
from python:3.11
copy --from=wheels /w /w
run pip install --no-index /w/*.whl && rm -rf /w
cmd ["python"]
