FROM debian:bookworm-slim
RUN mkdir -p /opt/app && useradd -r app   
RUN chown -R app /opt/app  
