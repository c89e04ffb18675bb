# syntax=docker/dockerfile:1.7
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 app
COPY --link --from=build /out /srv/app
RUN chown -R 10001:10001 /srv/app
USER app
ENTRYPOINT ["/srv/app/server"]
