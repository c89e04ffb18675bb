FROM alpine
# escape=`
RUN echo this backslash still continues \
    the line
# syntax=ignored/here
RUN echo `not an escape`
