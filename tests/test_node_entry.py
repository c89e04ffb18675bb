"""The Node split reads the file a start command runs with node, and the local modules it
requires, for the packages they need (stages/node_manifest.py)."""

from __future__ import annotations

import pytest

from dockslim.optimizer.context import BuildContext
from dockslim.optimizer.model import build_model
from dockslim.optimizer.syntax import parse
from dockslim.transforms.stages.node_manifest import entry_scripts, required_packages
from dockslim.transforms.stages.package_json import Manifest

DOCKERFILE = "FROM node:20\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n"


def packages(files: dict[str, str], path: str = "/app/server.js") -> set[str]:
    model = build_model(parse(DOCKERFILE))
    stage = model.stages[-1]
    return required_packages(BuildContext("ctx", files, frozenset(files)), stage, stage.body[-1], path)


def test_requires_and_imports_are_read_through_local_modules():
    files = {
        "server.js": "const express = require('express')\nconst db = require('./lib/db')\nrequire('node:fs')\n",
        "lib/db/index.js": "import { PrismaClient } from '@prisma/client'\nconst x = await import('pino')\n",
        "lib/unused.js": "require('never-read')\n",
    }
    assert packages(files) == {"express", "@prisma/client", "pino"}


@pytest.mark.parametrize(
    "files",
    [
        {},  # the entry file is not in the context
        {"server.js": "console.log(process.argv.length)\n"},  # it requires nothing
    ],
)
def test_nothing_known_is_nothing_required(files):
    assert packages(files) == set()


def test_entry_scripts_through_package_json():
    manifest = Manifest("package.json", ("express",), (), {"start": "node --inspect=0 dist/main.js"}, False)
    assert entry_scripts(["npm", "start"], manifest) == ["dist/main.js"]
    assert entry_scripts(["node", "server.js"], manifest) == ["server.js"]
    assert entry_scripts(["/usr/local/bin/node", "app/index.mjs"], manifest) == ["app/index.mjs"]
