FROM alpine
RUN 2<<EOF cat /dev/stdin
fd two
EOF
RUN cat 3<<EOF 0<&3
fd three
EOF
