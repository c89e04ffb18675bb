"""The system libraries a Rust program links, told from Cargo.toml when Cargo.lock is not in
the build context: each dependency (also per target, optional ones too) with its features
(the defaults unless `default-features = false`, and what the package's `[features]` ask of
it), against the crates known here. A crate not known here may link a library through
crates of its own, which only Cargo.lock names: then nothing can be told."""

import re
import tomllib

SSL, PQ, MYSQL, SQLITE, CURL = (
    "libssl-dev", "libpq-dev", "default-libmysqlclient-dev", "libsqlite3-dev", "libcurl4-openssl-dev"
)
# crate -> feature -> the -dev packages that feature links ("default": the default features)
LINKING = {
    **{c: {"default": (SSL,)} for c in (
        "openssl", "openssl-sys", "native-tls", "hyper-tls", "tokio-native-tls", "async-native-tls",
        "tokio-openssl", "postgres-openssl", "postgres-native-tls", "lettre",
    )},
    "reqwest": {"default": (SSL,), "default-tls": (SSL,)},  # native-tls by default before 0.13
    "diesel": {"postgres": (PQ,), "mysql": (MYSQL,), "sqlite": (SQLITE,)},
    "sqlx": {"sqlite-unbundled": (SQLITE,)},  # its `sqlite` builds SQLite in
    "pq-sys": {"default": (PQ,)},
    "mysqlclient-sys": {"default": (MYSQL,)},
    "libsqlite3-sys": {"default": (SQLITE,)},
    "rusqlite": {"default": (SQLITE,)},
    "curl": {"default": (CURL, SSL)},
    "curl-sys": {"default": (CURL,)},
}
# the version from which a crate's default features link nothing (reqwest 0.13 chose rustls)
DEFAULT_UNTIL = {"reqwest": (0, 13)}
# crates whose default features link no system library (a feature that names OpenSSL or
# native-tls still does, as for every crate)
PURE = frozenset("""
    serde serde_json serde_derive serde_yaml serde_with toml tokio tokio-stream tokio-util futures futures-util
    async-trait axum axum-extra axum-macros actix-web actix-rt actix-files actix-cors actix-session hyper hyper-util
    http http-body-util tower tower-http warp rocket poem tonic prost tracing tracing-subscriber tracing-appender log
    env_logger pretty_env_logger anyhow thiserror eyre color-eyre clap structopt chrono time uuid rand regex once_cell
    lazy_static dotenv dotenvy config bytes url base64 sha2 sha1 md5 hex itertools sqlx redis tokio-postgres postgres
    deadpool-postgres mongodb sea-orm jsonwebtoken argon2 bcrypt rustls tokio-rustls hyper-rustls webpki-roots askama
    tera handlebars validator dashmap parking_lot num_cpus ureq mime futures-core pin-project strum strum_macros
""".split())
# features that build the library in from source: crate -> feature -> the -dev package no longer linked
BUILT_IN = {
    "libsqlite3-sys": {"bundled": SQLITE}, "rusqlite": {"bundled": SQLITE}, "pq-sys": {"bundled": PQ},
    "mysqlclient-sys": {"bundled": MYSQL}, "curl": {"static-curl": CURL, "static-ssl": SSL},
    "curl-sys": {"static-curl": CURL, "static-ssl": SSL},
}
_TLS_FEATURE = re.compile(r"native-tls|openssl")  # `runtime-tokio-native-tls`, `tls-native-tls`, `openssl-tls`
_VERSION = re.compile(r"\s*[\^~=]?\s*(\d+)\.(\d+)")


class Unknown(Exception):
    """What keeps the manifest from telling the libraries; the message says it."""


def manifest_libraries(text: str) -> list[str]:
    """The -dev packages of the system libraries the manifest's dependencies link."""
    try:
        manifest = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise Unknown("Cargo.toml does not parse") from None
    if manifest.get("workspace", {}).get("members"):
        raise Unknown("the manifests of the workspace's members are not read")
    asked = _asked_features(manifest.get("features", {}))
    linked: list[str] = []
    built_in: set[str] = set()
    for name, spec in _dependencies(manifest):
        crate, features, defaults, version = _read(name, spec, manifest)
        linked += _links(crate, features | asked.get(name, set()), defaults, version)
        # only what the dependency itself asks for surely builds a library in
        built_in |= {dev for f, dev in BUILT_IN.get(crate, {}).items() if f in features}
        built_in |= {SSL for f in features if "vendored" in f}  # `native-tls-vendored`, `vendored-openssl`
    return [dev for dev in dict.fromkeys(linked) if dev not in built_in]


def _dependencies(manifest: dict):
    """(name, spec) of the dependencies the program is built with (not build or dev ones)."""
    yield from manifest.get("dependencies", {}).items()
    for target in manifest.get("target", {}).values():
        yield from target.get("dependencies", {}).items()


def _read(name: str, spec, manifest: dict) -> tuple[str, set[str], bool, tuple[int, int] | None]:
    """(crate, features, default features on, version) of one dependency."""
    if isinstance(spec, str):
        spec = {"version": spec}
    if spec.get("workspace"):  # `tokio = { workspace = true }`: the root's entry, and this one's features
        root = manifest.get("workspace", {}).get("dependencies", {}).get(name)
        if root is None:
            raise Unknown(f"the workspace's entry for {name} is not read")
        base = {"version": root} if isinstance(root, str) else root
        spec = {**base, "features": [*base.get("features", []), *spec.get("features", [])]}
    if "path" in spec:
        raise Unknown(f"the crate {name} at {spec['path']} is not read")
    crate = spec.get("package", name)
    defaults = spec.get("default-features", spec.get("default_features", True))
    m = _VERSION.match(str(spec.get("version", "")))
    return crate, set(spec.get("features", [])), defaults, (int(m[1]), int(m[2])) if m else None


def _links(crate: str, features: set[str], defaults: bool, version: tuple[int, int] | None) -> list[str]:
    """The -dev packages one dependency links with these features."""
    if crate not in LINKING and crate not in PURE:
        raise Unknown(f"what the crate {crate} links is not known")
    table = LINKING.get(crate, {})
    on = set(features) | ({"default"} if defaults else set())
    if "default" in on and crate in DEFAULT_UNTIL:
        if version is None:
            raise Unknown(f"the version of {crate}, whose default features changed, is not read")
        if version >= DEFAULT_UNTIL[crate]:
            on.discard("default")
    devs = [dev for f in on for dev in table.get(f, ())]
    return devs + [SSL for f in features if _TLS_FEATURE.search(f) and "vendored" not in f]


def _asked_features(features: dict) -> dict[str, set[str]]:
    """The dependencies' features the package's own features name (`reqwest/native-tls`,
    `sqlx?/postgres`), whichever of them the build turns on: more libraries, never fewer."""
    asked: dict[str, set[str]] = {}
    for values in features.values():
        for value in values if isinstance(values, list) else ():
            crate, slash, feature = str(value).partition("/")
            if slash:
                asked.setdefault(crate.rstrip("?"), set()).add(feature)
    return asked
