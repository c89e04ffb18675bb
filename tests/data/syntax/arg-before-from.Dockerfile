ARG BASE=alpine
ARG TAG=3.19
ARG NOVALUE
FROM ${BASE}:${TAG} AS build
ARG TAG
ARG A=1 B="two words" C
FROM build
