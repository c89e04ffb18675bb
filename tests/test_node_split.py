"""DS301's Node planner beyond the golden cases: which build-context file a COPY brought to a
path in the image, package.json as the planner reads it, the devDependencies a CMD calls,
and the native addons table's answers per release."""

from __future__ import annotations

import pytest

from dockslim.optimizer.context import BuildContext
from dockslim.optimizer.model import build_model
from dockslim.optimizer.node_addons import ADDONS, runtime_packages
from dockslim.optimizer.syntax import parse
from dockslim.transforms.stages.package_json import Unreadable, context_path, read_manifest
from dockslim.transforms.stages.node_install import omit_dev
from dockslim.transforms.stages.node_manifest import dev_needed

CONTEXT = BuildContext(
    "ctx",
    {"package.json": "{}", "web/package.json": "{}"},
    frozenset({"package.json", "package-lock.json", "server.js", "web/", "web/package.json", "app/"}),
)


def where(copies: str, target: str = "/app/package.json") -> str | None:
    model = build_model(parse(f"FROM node:18\nWORKDIR /app\n{copies}\nRUN npm ci\n"))
    stage = model.final
    return context_path(CONTEXT, stage, stage.runs()[-1], target)


@pytest.mark.parametrize(
    "copies, found",
    [
        ("COPY package.json package-lock.json ./", "package.json"),
        ("COPY package*.json ./", "package.json"),
        ("COPY . .", "package.json"),
        ("COPY . /app", "package.json"),
        ('COPY ["web/package.json", "./"]', "web/package.json"),
        ("COPY web/package.json /app/package.json", "web/package.json"),
        ("COPY web /app", "web/package.json"),  # a folder of the context: its contents
        ("COPY web/ ./", "web/package.json"),
        ("COPY app/ /", "app/app/package.json"),
        ("COPY package.json ./\nCOPY web/package.json ./", "web/package.json"),  # the last one wins
        ("COPY --chown=node:node package*.json ./", "package.json"),
    ],
)
def test_context_path_follows_copies(copies, found):
    assert where(copies) == found


@pytest.mark.parametrize(
    "copies",
    [
        "COPY --from=deps /app/package.json ./",  # another stage's file, not the context's
        "COPY server.js ./",  # brings something else
        "COPY package.json /tmp/",  # to another folder
        "ADD https://example.com/package.json ./",  # a download
        "COPY package*.json /srv/",
    ],
)
def test_context_path_none_when_no_copy_brings_the_file(copies):
    assert where(copies) is None


def test_manifest_reading():
    ctx = BuildContext("ctx", {
        "a/package.json": '{"dependencies": {"canvas": "2"}, "optionalDependencies": {"bufferutil": "4"},'
                          ' "devDependencies": {"jest": "29"}, "scripts": {"start": "node ."},'
                          ' "workspaces": {"packages": []}}',
        "b/package.json": '{"name": "x",}',
        "c/package.json": "[1, 2]",
    })
    m = read_manifest(ctx, "a/package.json")
    assert m.dependencies == ("canvas", "bufferutil") and m.dev_dependencies == ("jest",)
    assert m.scripts == {"start": "node ."} and not m.workspaces  # no packages listed
    for path, why in (("b/package.json", "not valid JSON"), ("c/package.json", "JSON object"),
                      ("d/package.json", "not in the build context")):
        with pytest.raises(Unreadable, match=why):
            read_manifest(ctx, path)


@pytest.mark.parametrize(
    "cmd, scripts, needed",
    [
        (["npm", "start"], {"start": "ts-node src/index.ts"}, ["ts-node"]),
        (["npm", "start"], {"start": "npm run build && node dist", "build": "tsc"}, ["typescript"]),
        (["npm", "run", "serve"], {"serve": "node .", "preserve": "babel src -d lib"}, ["@babel/cli"]),
        (["yarn", "start"], {"start": "nodemon server.js"}, ["nodemon"]),
        (["npx", "jest"], {}, ["jest"]),
        (["./node_modules/.bin/ts-node", "app.ts"], {}, ["ts-node"]),
        # nothing from devDependencies
        (["node", "server.js"], {}, []),
        (["npm", "start"], {"start": "node server.js"}, []),
        (["npm", "start"], {}, []),  # npm's default start: node server.js
    ],
)
def test_dev_needed(cmd, scripts, needed):
    from dockslim.transforms.stages.package_json import Manifest

    dev = ("ts-node", "typescript", "@babel/cli", "nodemon", "jest")
    assert dev_needed(cmd, Manifest("package.json", ("express",), dev, scripts, False)) == needed


@pytest.mark.parametrize(
    "base, flag",
    [("node:14", "--production"), ("node:12-buster", "--production"), ("node:16", "--omit=dev"),
     ("node:18-bookworm", "--omit=dev"), ("node:lts", "--omit=dev"), ("node", "--omit=dev")],
)
def test_dev_omission_flag_follows_npm_version(base, flag):
    assert omit_dev(base) == flag  # npm 6 (node 14 and older) has no --omit


def test_addon_table_answers_in_the_release_names():
    assert runtime_packages(["express", "canvas"], "debian", "bookworm")["canvas"][:3] == (
        "libcairo-gobject2", "libcairo-script-interpreter2", "libcairo2")
    assert runtime_packages(["odbc"], "debian", "bullseye") == {"odbc": ("libodbc1",)}
    assert runtime_packages(["odbc"], "debian", "bookworm") == {"odbc": ("libodbc2", "libodbccr2", "libodbcinst2")}
    assert runtime_packages(["libpq"], "debian", "trixie") == {"libpq": ("libpq5",)}
    # bundled libraries, unknown packages, Alpine (its build packages are never implicit)
    assert runtime_packages(["sharp", "bcrypt", "sqlite3", "left-pad"], "debian", "bookworm") == {}
    assert runtime_packages(["canvas"], "alpine", "alpine3.19") == {}


def test_addon_table_says_where_each_fact_comes_from():
    for name, addon in ADDONS.items():
        assert addon.source, name
        assert all(dev.endswith("-dev") for dev in addon.dev), name


@pytest.mark.parametrize(
    "files, berry",
    [
        ({"package.json": '{"packageManager": "yarn@4.2.2"}'}, "packageManager yarn@4.2.2"),
        ({"package.json": '{"packageManager": "yarn@1.22.22"}'}, None),
        ({"package.json": "{}", ".yarnrc.yml": "nodeLinker: node-modules\n"}, ".yarnrc.yml"),
        ({"package.json": "{}", ".yarnrc": "registry x\n"}, None),  # yarn 1's own rc file
    ],
)
def test_yarn_version_from_the_context(files, berry):
    from dockslim.transforms.stages.node_manifest import yarn_berry

    ctx = BuildContext("ctx", files, frozenset(files))
    assert yarn_berry(ctx, read_manifest(ctx, "package.json")) == berry


@pytest.mark.parametrize(
    "text, shapes",
    [
        ("FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\n", ["node"]),  # the full image's compilers
        ("FROM node:18-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y g++ make\nRUN npm ci\n", ["node"]),
        ("FROM node:18\nWORKDIR /app\nCOPY . .\nRUN yarn install\n", ["node"]),
        # nothing to leave behind: slim already, no build packages
        ("FROM node:18-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n", []),
        # npm on another image is a step of that image's build, not a Node service
        ("FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN pip install -r requirements.txt\n", ["python"]),
        ("FROM myorg/node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\n", []),
    ],
)
def test_node_service_shape(text, shapes):
    from dockslim.transforms.stages import commands as st
    from dockslim.transforms.stages.ds301_stage_split import shapes as found

    stage = build_model(parse(text)).final
    assert found(stage, st.build_packages(stage)) == shapes
