"""DS301's compiled split: a folder of source code is the build's input, not run-time data."""

import pytest

from dockslim.optimizer.context import BuildContext
from dockslim.transforms.stages.assets import holds_only_sources


def context(*entries: str) -> BuildContext:
    return BuildContext("ctx", {}, frozenset(entries))


@pytest.mark.parametrize(
    "entries, sources",
    [
        (("config/", "config/db.go", "config/db_test.go"), True),
        (("config/", "config/db.go", "config/testdata/", "config/testdata/case.json"), True),  # Go's test data
        (("config/", "config/db.go", "config/README.md"), True),
        (("db/", "db/mod.rs", "db/schema.rs"), True),
        (("lib/", "lib/parse.c", "lib/parse.h"), True),
        (("resources/", "resources/App.java"), True),
        (("config/", "config/db.go", "config/app.yaml"), False),  # data beside the code
        (("config/", "config/db.go", "config/env/", "config/env/prod.yaml"), False),
        (("config/", "config/db.go", "config/deep/"), False),  # what deep/ holds is not listed
        (("config/", "config/README.md"), False),  # no source at all
        (("config/",), False),
    ],
)
def test_source_folders(entries, sources):
    assert holds_only_sources(context(*entries), entries[0]) is sources
