FROM alpine
RUN echo a \
\
    b
\
RUN c
