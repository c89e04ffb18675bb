FROM alpine
CMD ['single', 'quotes']
RUN [ "unterminated"
ENTRYPOINT ["trailing", "comma",]
RUN ["a", NaN]
RUN ["a", 1e999]
COPY [not json] /dst
RUN [
VOLUME [/data]
RUN {"not": "an array"}
