FROM alpine
ENV NAME=world
RUN <<"EOF"
echo "hello $NAME"
EOF
RUN <<'EOF'
echo 'hello $NAME'
EOF
RUN <<EOF
echo "hello $NAME"
EOF
RUN cat <<"E"OF
mixed quoting
EOF
