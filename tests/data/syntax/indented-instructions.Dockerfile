  FROM alpine
    RUN echo indented
		CMD ["x"]
  # indented comment
      ENV A=1
