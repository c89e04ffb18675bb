FROM alpine
RUN echo no newline at the end