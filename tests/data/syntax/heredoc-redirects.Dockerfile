FROM alpine
RUN cat <<EOF > /etc/profile.d/env.sh
export A=1
EOF
RUN cat > /etc/other <<EOF && chmod 600 /etc/other
secret=1
EOF
RUN tee -a /f <<EOF >/dev/null
appended
EOF
