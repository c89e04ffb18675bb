FROM	alpine	AS	build
	RUN	echo	tab	separated \
		&& echo indented
ENV	A=1	B=2
COPY	--chown=1:1	a	b
LABEL	x	y z
