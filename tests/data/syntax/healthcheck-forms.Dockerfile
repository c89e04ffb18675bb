FROM alpine
HEALTHCHECK NONE
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
    CMD ["wget", "-q", "-O-", "http://localhost/health"]
HEALTHCHECK --interval=5m CMD-SHELL true
HEALTHCHECK	CMD	echo tabbed
