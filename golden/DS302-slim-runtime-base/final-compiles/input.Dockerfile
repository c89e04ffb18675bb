FROM python:3.11 AS assets
RUN echo build > /out.txt
FROM python:3.11
COPY --from=assets /out.txt /app/
RUN pip install --no-cache-dir -r /app/requirements.txt
CMD ["python"]
