FROM alpine
COPY <<EOF /etc/app.conf
key = value
[section]
EOF
COPY --chmod=755 <<-"EOT" /usr/local/bin/entry
	#!/bin/sh
	exec "$@"
	EOT
ADD <<EOF /added.txt
added
EOF
