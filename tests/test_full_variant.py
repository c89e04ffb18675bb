"""What a move from a full official image to its slim variant takes away (stages/full_variant.py)."""

from dockslim.transforms.stages.full_variant import carried_only_by_full, compiler_runtime, lost_in_move


def test_debian_and_its_slim_variant_hold_the_same_packages():
    assert carried_only_by_full("debian:bullseye", "debian:bullseye-slim") == (frozenset(), "bullseye")


def test_a_full_python_image_carries_buildpack_deps_libraries_but_not_boost():
    carried, suite = carried_only_by_full("python:3.12-bookworm", "python:3.12-slim-bookworm")
    assert suite == "bookworm"
    assert {"libpq5", "libxml2", "libcurl4"} <= carried
    assert "libboost-filesystem1.74.0" not in carried
    assert "ca-certificates" not in carried  # the slim variant installs it too


def test_an_unknown_release_of_a_full_image_is_not_known():
    assert carried_only_by_full("python:3.6-stretch", "python:3.6-slim-stretch") is None


def test_gccs_own_runtime_libraries_are_not_what_a_move_installs():
    assert {"libasan8", "libtsan2", "libgomp1"} <= compiler_runtime("bookworm")
    carried, suite = carried_only_by_full("python:3.12-bookworm", "python:3.12-slim-bookworm")
    wanted = ["libboost-python1.74.0", "libasan8", "libpq5", "libgomp1", "libpq5"]
    assert lost_in_move(wanted, carried, suite) == ("libpq5",)
