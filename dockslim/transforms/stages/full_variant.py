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

from ...optimizer.packages import DEBIAN, debian_data, release_of, resolve, runtime_for, ships_toolchain

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


def left_out_bytes(image: str, dropped) -> int | None:
    """What a split that leaves the build-only packages `dropped` out of a runtime stage on
    `image` keeps out of it: what they install beyond what the image carries and the runtime
    packages they stand for (0 when the image has them all: gcc on a full image); None when
    the package data does not know the image or a package."""
    from ...optimizer.estimate import closure, image_packages, installed_bytes, suite_of  # sizes: only when asked

    release = release_of(image)
    suite = suite_of(release)
    have = image_packages(image, suite) if suite is not None else frozenset()
    if not have:
        return None
    runtime = [r for p in dropped for r in runtime_for(p, DEBIAN, release)]
    before, after = closure(dropped, suite, have=have), closure(runtime, suite, have=have)
    return None if before is None or after is None else installed_bytes(before - after, suite)


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
