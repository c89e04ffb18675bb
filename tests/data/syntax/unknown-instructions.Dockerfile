FROM alpine
FOO bar baz
CROSS_BUILD --flag=x something
ÜNICODE instruction
-- weird
RUN echo known
