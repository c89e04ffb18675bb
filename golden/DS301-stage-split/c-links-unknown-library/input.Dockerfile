FROM gcc:13
COPY main.c /src/
RUN gcc -O2 -o /usr/local/bin/tool /src/main.c -lgeos_c
CMD ["tool"]
