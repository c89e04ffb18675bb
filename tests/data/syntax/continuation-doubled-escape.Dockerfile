FROM alpine
RUN echo ends with two \\
RUN echo three \\\
RUN echo next
ENV A=\\
LABEL b=c
