FROM debian:bookworm-slim
RUN mkdir -p /opt/app   
RUN useradd -r app  
