FROM rockylinux:9
ARG EXTRA=
RUN dnf install -y python3 && \
    if [ -n "$EXTRA" ]; then \
        dnf install -y $EXTRA; \
    fi
