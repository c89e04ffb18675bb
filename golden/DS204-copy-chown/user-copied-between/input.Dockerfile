FROM golang:1.22 AS build
RUN useradd --system --no-create-home app
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM alpine:3.19
COPY --from=build /out /srv/app
COPY --from=build /etc/passwd /etc/group /etc/
RUN chown -R app /srv/app
USER app
ENTRYPOINT ["/srv/app/server"]
