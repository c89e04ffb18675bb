FROM alpine
RUN <<EOF
echo crlf body
echo second
EOF
COPY <<-EOT /x
	chomped
	EOT
