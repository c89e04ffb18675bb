FROM alpine
RUN echo a \ 
    b \	
    c \ 	 
    d
RUN echo e\
f
