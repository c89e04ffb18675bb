FROM python:3.11 AS assets
RUN echo built > /out.txt
FROM python:3.11
COPY --from=assets /out.txt /app/
WORKDIR /app
COPY . .
RUN make docs
CMD ["python", "app.py"]
