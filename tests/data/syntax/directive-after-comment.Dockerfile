# a plain comment ends the directive block
# escape=`
FROM alpine
RUN echo backslash \
    continues
