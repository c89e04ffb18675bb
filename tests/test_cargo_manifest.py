"""DS301's Rust split without Cargo.lock: the system libraries told from Cargo.toml."""

import pytest

from dockslim.transforms.stages.cargo_manifest import Unknown, manifest_libraries

HEAD = '[package]\nname = "api"\nversion = "0.1.0"\n\n'


@pytest.mark.parametrize(
    "dependencies, linked",
    [
        ('reqwest = "0.12"', ["libssl-dev"]),  # native-tls by default
        ('reqwest = "^0.11.4"', ["libssl-dev"]),
        ('reqwest = "0.13"', []),  # rustls by default from 0.13
        ('reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "json"] }', []),
        ('reqwest = { version = "0.12", features = ["native-tls-vendored"] }', []),  # OpenSSL built in
        ('sqlx = { version = "0.7", features = ["postgres", "runtime-tokio-native-tls"] }', ["libssl-dev"]),
        ('sqlx = { version = "0.7", features = ["postgres", "runtime-tokio-rustls"] }', []),
        ('diesel = { version = "2", features = ["postgres"] }', ["libpq-dev"]),
        ('diesel = { version = "2", features = ["sqlite"] }\nlibsqlite3-sys = { version = "0.28", features = ["bundled"] }', []),
        ('openssl = { version = "0.10", features = ["vendored"] }', []),
        ('tokio-postgres = "0.7"\npostgres-openssl = "0.5"', ["libssl-dev"]),
        ('redis = { version = "0.25", features = ["tokio-native-tls-comp"] }', ["libssl-dev"]),
        ('tokio = { version = "1", features = ["full"] }\nserde = "1"', []),
        ('my-http = { package = "reqwest", version = "0.12" }', ["libssl-dev"]),
        ('', []),
    ],
)
def test_dependencies_and_features_tell_the_libraries(dependencies, linked):
    assert manifest_libraries(f"{HEAD}[dependencies]\n{dependencies}\n") == linked


def test_target_dependencies_and_package_features_count():
    text = HEAD + (
        "[features]\ndefault = []\ntls = [\"reqwest/native-tls\"]\n\n"
        "[dependencies]\nreqwest = { version = \"0.12\", default-features = false }\n\n"
        "[target.'cfg(unix)'.dependencies]\npq-sys = \"0.6\"\n"
    )
    assert manifest_libraries(text) == ["libssl-dev", "libpq-dev"]


def test_workspace_entries_are_followed():
    text = HEAD + '[workspace.dependencies]\nreqwest = "0.12"\n\n[dependencies]\nreqwest = { workspace = true }\n'
    assert manifest_libraries(text) == ["libssl-dev"]


@pytest.mark.parametrize(
    "text, why",
    [
        (HEAD + '[dependencies]\ngit2 = "0.19"\n', "what the crate git2 links is not known"),
        (HEAD + '[dependencies]\ncore = { path = "../core" }\n', "the crate core at ../core is not read"),
        (HEAD + '[dependencies]\nreqwest = { git = "https://github.com/seanmonstar/reqwest" }\n', "the version of reqwest"),
        (HEAD + '[dependencies]\ntokio = { workspace = true }\n', "the workspace's entry for tokio is not read"),
        ('[workspace]\nmembers = ["api"]\n', "the manifests of the workspace's members are not read"),
        ("[package\n", "Cargo.toml does not parse"),
    ],
)
def test_what_cannot_be_told(text, why):
    with pytest.raises(Unknown, match=why):
        manifest_libraries(text)
