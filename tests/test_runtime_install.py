"""Adding runtime packages to a stage (`transforms/stages/runtime_install.py`), the one place DS301
and verify's repair loop both use. Two tables: rewrites, and inputs that must not change."""

from __future__ import annotations

import dockerfile as buildkit
import pytest

from dockslim.transforms.stages.runtime_install import with_runtime_packages

PKGS = ("libpq5", "libxml2")
NEW_RUN = "RUN apt-get update && apt-get install -y --no-install-recommends libpq5 libxml2 && rm -rf /var/lib/apt/lists/*"

REWRITES = [
    # no install in the stage: a RUN right after the FROM
    ("FROM python:3.11-slim\nWORKDIR /app\n", f"FROM python:3.11-slim\n{NEW_RUN}\nWORKDIR /app\n"),
    # no final newline after the FROM
    ("FROM python:3.11-slim", f"FROM python:3.11-slim\n{NEW_RUN}\n"),
    # the file's keyword case and line endings
    ("from python:3.11-slim\r\nworkdir /app\r\n",
     "from python:3.11-slim\r\n" + NEW_RUN.replace("RUN", "run", 1) + "\r\nworkdir /app\r\n"),
    # an existing install: appended to its package list, continuation lines kept
    ("FROM python:3.11-slim\nRUN apt-get update && apt-get install -y \\\n    curl \\\n && rm -rf /var/lib/apt/lists/*\n",
     "FROM python:3.11-slim\nRUN apt-get update && apt-get install -y \\\n    curl libpq5 libxml2 \\\n && rm -rf /var/lib/apt/lists/*\n"),
    # the last readable install of the stage
    ("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y tzdata\n",
     "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n"
     "RUN apt-get update && apt-get install -y tzdata libpq5 libxml2\n"),
    # a package already installed is not added twice
    ("FROM python:3.11-slim\nRUN apt-get update && apt-get install -y libpq5\n",
     "FROM python:3.11-slim\nRUN apt-get update && apt-get install -y libpq5 libxml2\n"),
    # an install inside `if` is not extended: a new RUN does it
    ("FROM python:3.11-slim\nRUN if [ -n \"$X\" ]; then apt-get install -y curl; fi\n",
     f"FROM python:3.11-slim\n{NEW_RUN}\nRUN if [ -n \"$X\" ]; then apt-get install -y curl; fi\n"),
    # Alpine: apk add --no-cache
    ("FROM python:3.11-alpine3.19\nCMD [\"python\"]\n",
     "FROM python:3.11-alpine3.19\nRUN apk add --no-cache libpq5 libxml2\nCMD [\"python\"]\n"),
    ("FROM python:3.11-alpine3.19\nRUN apk add --no-cache tzdata\n",
     "FROM python:3.11-alpine3.19\nRUN apk add --no-cache tzdata libpq5 libxml2\n"),
    # the final stage of several: only it is edited
    ("FROM python:3.11 AS builder\nRUN pip wheel -w /w x\n\nFROM python:3.11-slim\nCOPY --from=builder /w /w\n",
     f"FROM python:3.11 AS builder\nRUN pip wheel -w /w x\n\nFROM python:3.11-slim\n{NEW_RUN}\nCOPY --from=builder /w /w\n"),
]

UNCHANGED = [
    # every package is there already
    "FROM python:3.11-slim\nRUN apt-get update && apt-get install -y libxml2 libpq5\n",
    # ... or installed by the stage it is built FROM
    "FROM python:3.11-slim AS base\nRUN apt-get update && apt-get install -y libxml2 libpq5\nFROM base\nRUN true\n",
]

REFUSED = [
    # no package manager is known
    "FROM scratch\nCOPY app /app\n",
    "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n",
]


@pytest.mark.parametrize("before, after", REWRITES)
def test_adds_packages(before, after):
    assert with_runtime_packages(before, PKGS) == after
    buildkit.parse_string(after)
    assert with_runtime_packages(after, PKGS) == after  # idempotent


@pytest.mark.parametrize("text", UNCHANGED)
def test_nothing_to_add(text):
    assert with_runtime_packages(text, PKGS) == text


@pytest.mark.parametrize("text", REFUSED)
def test_refused(text):
    assert with_runtime_packages(text, PKGS) is None
