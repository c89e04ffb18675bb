FROM python:3.12-alpine
WORKDIR /srv

# toolchain for the wheels
RUN apk add --no-cache gcc musl-dev libffi-dev

# requirements first, for the build cache
COPY requirements.txt .

# the wheels
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
CMD ["python", "-m", "srv"]
