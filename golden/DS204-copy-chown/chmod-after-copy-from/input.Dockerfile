FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM debian:bookworm-slim
COPY --from=build /out/server /usr/local/bin/server
COPY config.yml /etc/server/config.yml
ENV PORT=8080
# the binary must be executable
RUN chmod +x /usr/local/bin/server
ENTRYPOINT ["server"]
