FROM nikolaik/python-nodejs:python3.12-nodejs20-slim
COPY requirements.txt package.json package-lock.json ./
RUN pip install --no-cache-dir -r requirements.txt
RUN npm ci --omit=dev
