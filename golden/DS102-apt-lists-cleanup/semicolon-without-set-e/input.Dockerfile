FROM debian:bookworm
# without `set -e` a `;` would let a failed install pass: the removal joins with `&&`
RUN apt-get update; \
    apt-get install -y --no-install-recommends \
        ca-certificates \
        curl
