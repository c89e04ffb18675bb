FROM debian:trixie-slim
RUN apt-get update && apt-get install -y make texlive texlive-latex-extra pandoc && rm -rf /var/lib/apt/lists/*
WORKDIR /doc
CMD ["pandoc", "README.md", "-o", "README.pdf"]
