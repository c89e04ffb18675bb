FROM debian:bookworm AS a
RUN apt-get update && apt-get install -y --no-install-recommends curl
FROM docker.io/library/ubuntu:24.04 AS b
RUN apt-get update && apt-get install -y --no-install-recommends curl
FROM python:3.12-slim-bookworm AS c
RUN apt-get update && apt-get install -y --no-install-recommends libpq5
FROM eclipse-temurin:21-jre AS d
RUN apt-get update && apt-get install -y --no-install-recommends fontconfig
FROM d
RUN apt-get update && apt-get install -y --no-install-recommends tini
