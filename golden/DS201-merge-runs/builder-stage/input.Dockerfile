FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
RUN go clean -cache

FROM debian:bookworm-slim
COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
