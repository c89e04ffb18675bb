FROM python:3.12-bookworm AS build
RUN python -m venv /venv && /venv/bin/pip install --no-cache-dir uvicorn
FROM python:3.12-slim-bookworm
COPY --from=build /venv /venv
ENV PATH=/venv/bin:$PATH
CMD ["uvicorn", "app:app"]
