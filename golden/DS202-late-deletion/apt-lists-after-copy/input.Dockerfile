FROM debian:bookworm-slim
# runtime libraries
RUN apt-get update && apt-get install -y --no-install-recommends libpq5
COPY app/ /srv/app/

# the lists are not needed at run time
RUN rm -rf /var/lib/apt/lists/*
CMD ["/srv/app/run"]
