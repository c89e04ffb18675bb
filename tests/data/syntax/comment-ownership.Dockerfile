# syntax=docker/dockerfile:1

# Build stage
# second line of the block
FROM golang:1.22 AS build

RUN go build ./...
# trailing comment at end of file

