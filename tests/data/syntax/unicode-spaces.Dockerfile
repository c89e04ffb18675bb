FROM alpine
 
　RUN echo ideographic space before keyword
RUN echo nbsp inside
ENV A=b C=d
EXPOSE 80 81
