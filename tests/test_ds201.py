"""DS201 merge-runs: what golden cases cannot show."""

import dockslim
from dockslim.transforms import ds201_merge_runs


def test_each_run_is_read_once_however_long_the_block(monkeypatch):
    """Every RUN of a block is compared with each RUN above it, but what a RUN does to files
    is worked out once per RUN, not once per pair (a block of 40 RUNs made 780 pairs)."""
    reads = []
    made_paths = ds201_merge_runs._made_paths
    monkeypatch.setattr(ds201_merge_runs, "_made_paths", lambda cmds: reads.append(cmds) or made_paths(cmds))
    runs = "".join(f"RUN curl -fsSL https://example.org/t{i}.tgz | tar xz -C /opt/t{i} && make -C /opt/t{i} install\n"
                   for i in range(40))
    findings = dockslim.check("FROM debian:bookworm\n" + runs + "RUN rm -rf /opt/t3\n", select=["DS201"])
    assert len(reads) == 41
    assert [f.message.split(";")[0] for f in findings] == \
        ["RUN at line 42 deletes files that the RUN at line 5 made: they stay in its layer"]
