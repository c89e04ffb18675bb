FROM python:3.6-stretch AS build
COPY requirements.txt .
RUN pip wheel --wheel-dir /wheels -r requirements.txt

FROM python:3.6-stretch
COPY --from=build /wheels /wheels
RUN pip install --no-index /wheels/*.whl
CMD ["python", "-m", "worker"]
