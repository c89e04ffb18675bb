# dockslim: ignore=DS401
FROM ubuntu:22.04
CMD ["bash"]
