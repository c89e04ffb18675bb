FROM alpine
EXPOSE 80 443/tcp 53/udp
EXPOSE 8080-8090
EXPOSE	9000	9001
VOLUME ["/data", "/logs"]
VOLUME /var/lib/a /var/lib/b
VOLUME /single
