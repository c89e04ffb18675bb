FROM alpine
RUN ["echo", "hi"] && echo more
CMD ["a"] ["b"]
