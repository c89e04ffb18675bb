"""What a full official image carries that its slim variant lacks, which is all a move from one
to the other can take away.

`debian:bookworm` and `debian:bookworm-slim` hold the same packages (the slim one drops
documentation, man pages and locales): nothing. The full `python`, `node` and `ruby` images are
built on buildpack-deps: its packages with their Depends (data/images.json, the release's
package data), less what the slim variant installs. A library outside that set was not in the
full image either, so a runtime that needs it installs it already (or never started).

What the compilers' own runtime libraries stand for is no library a program links unless it is
built to (the sanitizers for `-fsanitize`, libgomp for `-fopenmp`): every -dev package that
depends on libstdc++-N-dev (libboost1.74-dev) brings them into its runtime packages, and they
are left out of what a move installs.
"""

from __future__ import annotations

import functools
import re

from ...optimizer.packages import debian_data, release_of, resolve, runtime_for, ships_toolchain

# the -dev packages of GCC's own libraries: libstdc++-12-dev, libgcc-12-dev
_COMPILER_DEV = re.compile(r"lib(stdc\+\+|gcc)-\d+-dev")


def carried_only_by_full(full: str, slim: str) -> tuple[frozenset[str], str | None] | None:
    """The packages `full` has and its slim variant `slim` lacks, with the Debian suite whose
    names they are in; None when the image carries -dev packages and that suite's data is not
    known."""
    from ...optimizer.estimate import image_packages, suite_of  # the package sizes: only for a move

    suite = suite_of(release_of(full))
    if suite is None or not image_packages(full, suite):
        return None if ships_toolchain(full) else (frozenset(), suite)
    return image_packages(full, suite) - image_packages(slim, suite), suite


def lost_in_move(packages, carried: frozenset[str], suite: str | None) -> tuple[str, ...]:
    """Those of `packages` (what a builder's -dev packages stand for) that the full image
    `carried` and its slim variant lacks, without the compilers' own runtime libraries."""
    if not carried or suite is None:
        return ()
    compilers = compiler_runtime(suite)
    return tuple(p for p in dict.fromkeys(packages) if resolve(p, suite) in carried and p not in compilers)


@functools.cache
def compiler_runtime(release: str) -> frozenset[str]:
    """The runtime packages GCC's library -dev packages stand for on a release (libasan8,
    libtsan2, libgomp1, libstdc++6, ...)."""
    data = debian_data(release) or {"dev": {}}
    return frozenset(p for dev in data["dev"] if _COMPILER_DEV.fullmatch(dev) for p in runtime_for(dev, "debian", release))
