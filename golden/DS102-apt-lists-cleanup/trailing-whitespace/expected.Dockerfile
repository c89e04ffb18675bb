FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && curl --version \
    && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/* 	
