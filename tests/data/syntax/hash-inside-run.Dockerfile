FROM alpine
RUN echo "a # b" # this is not a comment for the parser
RUN curl -o /x http://example.com/page#anchor
RUN echo a \
    # this line is a comment inside the continuation
    && echo b # trailing hash
RUN echo x#y
