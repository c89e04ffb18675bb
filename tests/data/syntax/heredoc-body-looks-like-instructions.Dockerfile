FROM alpine
RUN <<EOF
RUN not an instruction
# not a comment to the parser either
ends with a backslash \

  EOF
EOF  
EOF
CMD ["true"]
