FROM debian:trixie-slim
RUN apt-get update && apt-get install --no-install-recommends -y make texlive texlive-latex-extra pandoc lmodern texlive-plain-generic && rm -rf /var/lib/apt/lists/*
WORKDIR /doc
CMD ["pandoc", "README.md", "-o", "README.pdf"]
