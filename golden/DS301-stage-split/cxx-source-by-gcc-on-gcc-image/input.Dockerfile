FROM gcc:13
COPY src/ /build/
RUN gcc -O2 -o /usr/local/bin/probe /build/probe.cc /build/util.c -lstdc++
CMD ["probe", "--once"]
