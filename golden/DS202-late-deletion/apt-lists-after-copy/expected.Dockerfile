FROM debian:bookworm-slim
# runtime libraries
# the lists are not needed at run time
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
COPY app/ /srv/app/
CMD ["/srv/app/run"]
