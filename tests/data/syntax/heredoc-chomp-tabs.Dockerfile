FROM alpine
RUN <<-EOF
	if true; then
		echo tabs are kept in the body
	fi
		EOF
RUN cat <<-'EOT'
	quoted and chomped
	EOT
