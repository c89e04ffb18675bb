#!/usr/bin/env bash
# scripts/engine.sh - a registry-less container engine for dockslim's real-build checks.
#
#   scripts/engine.sh [all|install|daemon|images|status|stop]        (default: all)
#
# Made for Debian 12 (bookworm) machines, run as root, that reach Debian's archive and
# PyPI but no container registry. Every subcommand is idempotent.
#
#   install  Docker 26 + BuildKit (buildx) from Debian trixie: docker.io, docker-cli and
#            docker-buildx are fetched with a private trixie apt configuration (own lists,
#            own cache; the system lists stay bookworm) and installed beside bookworm's
#            containerd, runc, tini and iptables; debootstrap too. A policy-rc.d guard and
#            a bridge-less /etc/docker/daemon.json keep the packages from starting a
#            stock daemon.
#   daemon   starts dockerd with no bridge, no iptables, no masquerading, no forwarding,
#            logs to a file, waits until `docker info` answers. The storage driver is
#            dockerd's own pick (overlay2 where the kernel allows it) unless
#            ENGINE_STORAGE_DRIVER says otherwise.
#   images   local stand-ins for debian:bookworm[-slim], debian:bullseye[-slim],
#            python:3.11[-slim], python:3.9-bullseye, python:3.9-slim-bullseye and
#            node:18-bookworm[-slim] (see the "images" section below). Each carries a recipe
#            label; an image whose label matches is skipped, a cached `docker save` is loaded.
#   status   engine facts plus a smoke run of every stand-in with --network none.
#   stop     stops the dockerd this script started for ENGINE_NAME.
#
# When a working engine with BuildKit already answers (DOCKER_HOST, or the default
# socket) and a client with `buildx` is at hand, `all` uses it as it is: no install, no
# daemon of its own.
#
# What other code reads: $ENGINE_STATE_DIR/env (for ENGINE_NAME=default) or
# $ENGINE_STATE_DIR/env.<name>, KEY=VALUE lines that a shell can source:
#   DOCKER_HOST=unix:///var/run/docker.sock
#   DOCKSLIM_DOCKER_CLI=/usr/bin/docker
#
# A second engine for tests (own socket, data-root, exec-root, containerd namespace):
#   ENGINE_NAME=second scripts/engine.sh daemon     -> unix:///var/run/dockslim-second.sock
#   ENGINE_NAME=second scripts/engine.sh stop
#
# Settings (environment):
#   ENGINE_NAME            default | any short word             (default: default)
#   ENGINE_CACHE_DIR       debootstrap tarball, trixie .debs, saved images
#                                                       (default: /var/cache/dockslim-engine)
#   ENGINE_STATE_DIR       env files, daemon configs    (default: /var/lib/dockslim-engine)
#   ENGINE_LOG             dockerd log      (default: /var/log/dockslim-engine/<name>.log)
#   ENGINE_STORAGE_DRIVER  empty = dockerd's choice, or overlay2 / vfs / ...
#   ENGINE_IMAGES          which stand-ins to make (default: all ten)
#   ENGINE_FORCE=1         rebuild the stand-ins even when their label matches
#   ENGINE_PIP_PINS        pip/setuptools/wheel put into the python stand-ins from PyPI
#                          ("" = keep the versions Debian's wheels bootstrap)
#   ENGINE_TIMEOUT         seconds to wait for a starting daemon (default: 120)
#
# Networking rules kept here: no docker bridge, nothing on private address ranges. Builds
# run with `--network host`, containers that need no network with `--network none`.
set -Eeuo pipefail

RECIPE_REV=3   # bump when a change to this file must rebuild the stand-ins

ENGINE_NAME=${ENGINE_NAME:-default}
case "$ENGINE_NAME" in
  *[!a-z0-9-]* | "") echo "ENGINE_NAME must be lower-case letters, digits, dashes" >&2; exit 2 ;;
esac
if [ "$ENGINE_NAME" = default ]; then
  : "${ENGINE_SOCK:=/var/run/docker.sock}"
  : "${ENGINE_DATA_ROOT:=/var/lib/docker}"
  : "${ENGINE_EXEC_ROOT:=/var/run/docker}"
  : "${ENGINE_PIDFILE:=/var/run/docker.pid}"
else
  : "${ENGINE_SOCK:=/var/run/dockslim-$ENGINE_NAME.sock}"
  : "${ENGINE_DATA_ROOT:=/var/lib/dockslim-$ENGINE_NAME}"
  : "${ENGINE_EXEC_ROOT:=/var/run/dockslim-$ENGINE_NAME}"
  : "${ENGINE_PIDFILE:=/var/run/dockslim-$ENGINE_NAME.pid}"
fi
: "${ENGINE_CACHE_DIR:=/var/cache/dockslim-engine}"
: "${ENGINE_STATE_DIR:=/var/lib/dockslim-engine}"
: "${ENGINE_LOG:=/var/log/dockslim-engine/$ENGINE_NAME.log}"
: "${ENGINE_STORAGE_DRIVER:=}"
: "${ENGINE_TIMEOUT:=120}"
: "${ENGINE_FORCE:=0}"
: "${ENGINE_SUITE:=bookworm}"
: "${ENGINE_DOCKER_SUITE:=trixie}"
: "${ENGINE_MIRROR:=http://deb.debian.org/debian}"
: "${ENGINE_SECURITY_MIRROR:=http://deb.debian.org/debian-security}"
: "${ENGINE_EXTRA_CA_DIR:=/usr/local/share/ca-certificates}"
: "${ENGINE_IMAGES:=debian:bookworm-slim debian:bookworm python:3.11-slim python:3.11 node:18-bookworm-slim node:18-bookworm
  debian:bullseye-slim debian:bullseye python:3.9-slim-bullseye python:3.9-bullseye}"
: "${ENGINE_PIP_PINS=pip==24.0 setuptools==65.5.1 wheel==0.45.1}"

export DEBIAN_FRONTEND=noninteractive
ORIG_PATH=$PATH
export PATH="/usr/sbin:/usr/bin:/sbin:/bin:${PATH}"

LABEL_KEY=org.dockslim.engine.recipe
ARCH=$(dpkg --print-architecture)
if [ "$ENGINE_NAME" = default ]; then ENV_FILE=$ENGINE_STATE_DIR/env; else ENV_FILE=$ENGINE_STATE_DIR/env.$ENGINE_NAME; fi
DAEMON_CONFIG=$ENGINE_STATE_DIR/daemon-$ENGINE_NAME.json

# The client this script talks through; found by pick_client, may be preset.
CLI=${DOCKSLIM_DOCKER_CLI:-}
# The host this script talks to. An inherited DOCKER_HOST is honoured for the default
# engine only; a named engine always means its own socket.
if [ "$ENGINE_NAME" = default ] && [ -n "${DOCKER_HOST:-}" ]; then
  TARGET_HOST=$DOCKER_HOST
else
  TARGET_HOST=unix://$ENGINE_SOCK
fi
export DOCKER_HOST=$TARGET_HOST

STARTED=$(date +%s)
SCRATCH=""
GUARD_WRITTEN=0

say()  { printf '[engine %s %4ss] %s\n' "$(date +%H:%M:%S)" "$(( $(date +%s) - STARTED ))" "$*" >&2; }
fail() { say "ERROR: $*"; exit 1; }

on_exit() {
  local rc=$? mnt
  set +e
  if [ "$GUARD_WRITTEN" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  if [ -n "$SCRATCH" ] && [ -d "$SCRATCH" ]; then
    # a chroot's /proc must never outlive the run
    while read -r mnt; do umount "$mnt" 2>/dev/null || umount -l "$mnt"; done \
      < <(awk -v s="$SCRATCH/" 'index($2, s) == 1 { print $2 }' /proc/mounts | sort -r)
    rm -rf --one-file-system "$SCRATCH"
  fi
  if [ "$rc" -ne 0 ]; then say "failed (exit $rc); dockerd log: $ENGINE_LOG"; fi
  exit "$rc"
}
trap on_exit EXIT
trap 'say "command failed at line $LINENO: $BASH_COMMAND"' ERR

[ "$(id -u)" -eq 0 ] || fail "run as root"

# ------------------------------------------------------------------------- clients

has_buildx() { "$1" buildx version >/dev/null 2>&1; }

# Candidates in order: a preset DOCKSLIM_DOCKER_CLI, Debian's client, anything on PATH.
pick_client() {
  local c
  for c in ${DOCKSLIM_DOCKER_CLI:-} /usr/bin/docker $(type -aP docker 2>/dev/null); do
    [ -x "$c" ] || continue
    if has_buildx "$c"; then CLI=$c; return 0; fi
  done
  CLI=""
  return 1
}

dk() { "$CLI" "$@"; }

engine_answers() {
  [ -n "$CLI" ] || return 1
  local v
  v=$(timeout 20 "$CLI" info --format '{{.ServerVersion}}' 2>/dev/null) && [ -n "$v" ]
}

write_env_file() {
  mkdir -p "$ENGINE_STATE_DIR"
  cat > "$ENV_FILE.tmp" <<EOF
# written by scripts/engine.sh; source it or read the KEY=VALUE lines
DOCKER_HOST=$TARGET_HOST
DOCKSLIM_DOCKER_CLI=$CLI
DOCKER_BUILDKIT=1
DOCKSLIM_ENGINE_NAME=$ENGINE_NAME
EOF
  mv "$ENV_FILE.tmp" "$ENV_FILE"
  say "client $CLI, DOCKER_HOST=$TARGET_HOST (written to $ENV_FILE)"
}

# ------------------------------------------------------------------------- install

installed_version() { dpkg-query -W -f='${db:Status-Abbrev} ${Version}' "$1" 2>/dev/null | awk '$1 == "ii" { print $2 }'; }

install_complete() {
  local v p
  v=$(installed_version docker.io)
  [ -n "$v" ] && dpkg --compare-versions "$v" ge 26 || return 1
  for p in docker-cli docker-buildx debootstrap containerd runc tini iptables; do
    [ -n "$(installed_version "$p")" ] || return 1
  done
  [ -x /usr/bin/docker ] && has_buildx /usr/bin/docker
}

# Before any docker package lands: a daemon started by anything else must not make a
# bridge either, and the package scripts must not start one at all.
arm_install_guards() {
  mkdir -p /etc/docker
  if [ ! -e /etc/docker/daemon.json ]; then
    printf '%s\n' '{ "bridge": "none", "iptables": false, "ip6tables": false, "ip-masq": false, "ip-forward": false }' \
      > /etc/docker/daemon.json
    say "wrote /etc/docker/daemon.json (no bridge)"
  elif ! grep -Eq '"bridge"[[:space:]]*:[[:space:]]*"none"' /etc/docker/daemon.json; then
    say "WARNING: /etc/docker/daemon.json has no \"bridge\": \"none\"; left as it is (this script never uses it)"
  fi
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# no service starts during package installs\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    GUARD_WRITTEN=1
  fi
}

# apt pointed at trixie only, with lists and cache of its own
trixie_apt() {
  local base=$ENGINE_CACHE_DIR/apt-$ENGINE_DOCKER_SUITE
  mkdir -p "$base/lists/partial" "$base/cache/archives/partial" "$base/sources.d"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
    "$ENGINE_MIRROR" "$ENGINE_DOCKER_SUITE" > "$base/sources.list"
  apt-get -q \
    -o Dir::Etc::SourceList="$base/sources.list" \
    -o Dir::Etc::SourceParts="$base/sources.d" \
    -o Dir::State::Lists="$base/lists" \
    -o Dir::Cache="$base/cache" \
    -o APT::Get::List-Cleanup=false \
    -o APT::Sandbox::User=root \
    "$@"
}

fetch_docker_debs() {
  local dir=$ENGINE_CACHE_DIR/debs-$ENGINE_DOCKER_SUITE p
  mkdir -p "$dir"
  local have=1
  for p in docker.io docker-cli docker-buildx; do
    compgen -G "$dir/${p}_*_*.deb" >/dev/null || have=0
  done
  if [ "$have" = 1 ]; then say "using cached $ENGINE_DOCKER_SUITE packages in $dir"; return 0; fi
  say "fetching docker.io, docker-cli, docker-buildx from $ENGINE_DOCKER_SUITE"
  trixie_apt update >/dev/null
  rm -f "$dir"/*.deb
  (cd "$dir" && trixie_apt download docker.io docker-cli docker-buildx >/dev/null)
  ls "$dir"/*.deb >&2
}

do_install() {
  say "== install"
  if install_complete; then
    say "Docker $(installed_version docker.io), buildx $(installed_version docker-buildx) and debootstrap already installed"
    return 0
  fi
  mkdir -p "$ENGINE_STATE_DIR"
  arm_install_guards
  fetch_docker_debs
  say "apt-get update (system lists, $ENGINE_SUITE)"
  apt-get update -q >/dev/null || say "WARNING: apt-get update reported errors; trying the install anyway"
  local debs=("$ENGINE_CACHE_DIR/debs-$ENGINE_DOCKER_SUITE"/*.deb)
  say "apt-get install ${debs[*]##*/} + bookworm's containerd runc tini iptables debootstrap"
  apt-get install -y -q --no-install-recommends \
    "${debs[@]}" containerd runc tini iptables debootstrap \
    ca-certificates xz-utils > "$ENGINE_STATE_DIR/install.log" 2>&1 \
    || { tail -n 30 "$ENGINE_STATE_DIR/install.log" >&2; fail "apt-get install failed"; }
  if [ "$GUARD_WRITTEN" = 1 ]; then rm -f /usr/sbin/policy-rc.d; GUARD_WRITTEN=0; fi
  if [ -e /sys/class/net/docker0 ]; then
    fail "a docker0 bridge exists after the install; remove it (ip link delete docker0) and find what started a stock dockerd"
  fi
  install_complete || fail "install finished but /usr/bin/docker has no working buildx"
  say "installed Docker $(installed_version docker.io), buildx $(/usr/bin/docker buildx version | awk '{print $2}')"
}

# ------------------------------------------------------------------------- daemon

write_daemon_config() {
  mkdir -p "$ENGINE_STATE_DIR" "$ENGINE_DATA_ROOT" "$ENGINE_EXEC_ROOT" "$(dirname "$ENGINE_LOG")"
  local extra=""
  [ -n "$ENGINE_STORAGE_DRIVER" ] && extra+="  \"storage-driver\": \"$ENGINE_STORAGE_DRIVER\","$'\n'
  if [ "$ENGINE_NAME" != default ]; then
    # matters only when a system containerd is shared; keeps the engines apart there too
    extra+="  \"containerd-namespace\": \"dockslim-$ENGINE_NAME\","$'\n'
    extra+="  \"containerd-plugins-namespace\": \"dockslim-$ENGINE_NAME-plugins\","$'\n'
  fi
  cat > "$DAEMON_CONFIG" <<EOF
{
  "hosts": ["unix://$ENGINE_SOCK"],
  "data-root": "$ENGINE_DATA_ROOT",
  "exec-root": "$ENGINE_EXEC_ROOT",
  "pidfile": "$ENGINE_PIDFILE",
${extra}  "bridge": "none",
  "iptables": false,
  "ip6tables": false,
  "ip-masq": false,
  "ip-forward": false,
  "userland-proxy": false,
  "features": { "buildkit": true },
  "log-driver": "json-file",
  "log-opts": { "max-size": "10m", "max-file": "2" }
}
EOF
}

assert_no_bridge() {
  local nets
  nets=$(dk network ls --filter driver=bridge --format '{{.Name}}' 2>/dev/null || true)
  if [ -n "$nets" ]; then
    say "WARNING: the engine at $TARGET_HOST has bridge networks ($nets); builds here use --network host and runs --network none"
  fi
  if [ -e /sys/class/net/docker0 ]; then say "WARNING: a docker0 interface exists on this host"; fi
}

dockerd_pid() {
  local pid
  [ -s "$ENGINE_PIDFILE" ] || return 1
  pid=$(cat "$ENGINE_PIDFILE")
  [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = dockerd ] || return 1
  echo "$pid"
}

do_daemon() {
  say "== daemon ($ENGINE_NAME)"
  if [ -z "$CLI" ] && ! pick_client; then fail "no docker client with buildx (run: $0 install)"; fi
  if engine_answers; then
    say "an engine already answers at $TARGET_HOST: $(dk info --format 'Docker {{.ServerVersion}}, {{.Driver}}, root {{.DockerRootDir}}')"
    assert_no_bridge
    write_env_file
    return 0
  fi
  [ "$TARGET_HOST" = "unix://$ENGINE_SOCK" ] \
    || fail "DOCKER_HOST=$TARGET_HOST does not answer, and this script only starts engines on its own sockets (unset DOCKER_HOST)"
  command -v dockerd >/dev/null || fail "dockerd missing (run: $0 install)"
  if [ ! -e /sys/fs/cgroup/cgroup.controllers ] && [ ! -d /sys/fs/cgroup/memory ]; then
    command -v cgroupfs-mount >/dev/null && cgroupfs-mount || mount -t cgroup2 none /sys/fs/cgroup || true
  fi
  write_daemon_config
  local pid deadline
  if pid=$(dockerd_pid); then
    say "dockerd pid $pid exists but does not answer yet; waiting for it"
  else
    say "starting dockerd (config $DAEMON_CONFIG, log $ENGINE_LOG)"
    printf -- '--- %s engine.sh starts dockerd (%s)\n' "$(date -u +%FT%TZ)" "$ENGINE_NAME" >> "$ENGINE_LOG"
    setsid dockerd --config-file "$DAEMON_CONFIG" >> "$ENGINE_LOG" 2>&1 < /dev/null &
    pid=$!
  fi
  deadline=$(( $(date +%s) + ENGINE_TIMEOUT ))
  until engine_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 15 "$ENGINE_LOG" >&2
      fail "dockerd exited while starting"
    fi
    [ "$(date +%s)" -lt "$deadline" ] || { tail -n 15 "$ENGINE_LOG" >&2; fail "dockerd did not answer within ${ENGINE_TIMEOUT}s"; }
    sleep 1
  done
  local driver
  driver=$(dk info --format '{{.Driver}}')
  say "dockerd up: pid $pid, $(dk info --format 'Docker {{.ServerVersion}}, storage {{.Driver}}, cgroup {{.CgroupVersion}}')"
  [ "$driver" = overlay2 ] || say "WARNING: storage driver is $driver, not overlay2 (slower, more disk)"
  assert_no_bridge
  write_env_file
}

do_stop() {
  say "== stop ($ENGINE_NAME)"
  local pid mnt
  if pid=$(dockerd_pid); then
    say "stopping dockerd pid $pid"
    kill -TERM "$pid"
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$pid" 2>/dev/null; then say "dockerd $pid still running after 60s; sending KILL"; kill -KILL "$pid" || true; fi
    # what dockerd may leave mounted: the netns file under exec-root, private binds
    local roots
    roots="$(readlink -f "$ENGINE_EXEC_ROOT") $(readlink -f "$ENGINE_DATA_ROOT")"
    while read -r mnt; do umount "$mnt" 2>/dev/null || umount -l "$mnt" || true; done < <(
      awk -v roots="$roots" 'BEGIN { n = split(roots, r, " ") }
        { for (i = 1; i <= n; i++) if ($2 == r[i] || index($2, r[i] "/") == 1) print $2 }' /proc/mounts | sort -r)
  else
    say "no dockerd of this script runs for $ENGINE_NAME (pidfile $ENGINE_PIDFILE)"
  fi
  rm -f "$ENV_FILE"
}

# ------------------------------------------------------------------------- images
#
# debian:bookworm       debootstrap --variant=minbase, updated from bookworm-updates and
#                       -security, with the apt/dpkg settings the official images carry
#                       (debuerreotype): docker-clean, gzip indexes, no translations,
#                       policy-rc.d, autoremove-suggests, unsafe-io.
# debian:bookworm-slim  the same plus the slim dpkg path-excludes (docs, man, locales).
# debian:bullseye[-slim] the same recipe on bullseye.
# python:3.11[-slim]    Debian's python3 (3.11 on bookworm, 3.9 on bullseye for
# python:3.9-[slim-]bullseye) with pip, setuptools and wheel in /usr/local,
#                       /usr/local/bin/python{,3}, no EXTERNALLY-MANAGED marker, headers
#                       present. The full one also carries the buildpack-deps package set
#                       (compilers, libpq-dev, *-dev headers) as the official non-slim image
#                       does.
# node:18-bookworm[-slim] Debian's nodejs 18 with a `node` user (uid 1000); the full one on
#                       the same buildpack-deps layers, with npm, whose node-gyp brings
#                       libnode-dev: Node's headers in /usr/include/node, so native addons
#                       build without downloading them, as in the official image.
# The host's extra CA certificates sit in /usr/local/share/ca-certificates of every
# stand-in and are in the python stand-ins' bundle (update-ca-certificates); pip there
# reads /etc/pip.conf, which points it at that bundle, and nothing of the host's pip set-up.

sum16() { sha256sum | cut -c1-16; }

host_cas() {
  [ -n "$ENGINE_EXTRA_CA_DIR" ] && [ -d "$ENGINE_EXTRA_CA_DIR" ] || return 0
  find "$ENGINE_EXTRA_CA_DIR" -type f -name '*.crt' | LC_ALL=C sort
}

label_of() { dk image inspect -f "{{ index .Config.Labels \"$LABEL_KEY\" }}" "$1" 2>/dev/null || true; }
mb_of() { dk image inspect -f '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1e6 }'; }
cache_tar() { echo "$ENGINE_CACHE_DIR/images/${1//[:\/]/_}.$2.tar"; }

REPLACED=""
# 0 when NAME with RECIPE is in the engine (already, or loaded from the cache)
have_image() {
  local name=$1 recipe=$2 tar
  if [ "$ENGINE_FORCE" != 1 ] && [ "$(label_of "$name")" = "$recipe" ]; then
    say "$name is up to date"; return 0
  fi
  REPLACED+=" $(dk image inspect -f '{{.Id}}' "$name" 2>/dev/null || true)"
  tar=$(cache_tar "$name" "$recipe")
  if [ "$ENGINE_FORCE" != 1 ] && [ -s "$tar" ]; then
    say "$name: docker load $tar"
    if dk load -q -i "$tar" >/dev/null && [ "$(label_of "$name")" = "$recipe" ]; then return 0; fi
    say "$name: cached image unusable; rebuilding"; rm -f "$tar"
  fi
  return 1
}

keep_image() {
  local name=$1 recipe=$2 tar
  tar=$(cache_tar "$name" "$recipe")
  mkdir -p "$ENGINE_CACHE_DIR/images"
  find "$ENGINE_CACHE_DIR/images" -maxdepth 1 -name "${name//[:\/]/_}.*.tar" ! -name "${tar##*/}" -delete
  dk save -o "$tar.part" "$name" && mv "$tar.part" "$tar"
  say "$name: saved to $tar"
}

chroot_run() {
  local root=$1; shift
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

apt_settings() { # the apt/dpkg files of the official images
  local root=$1
  printf '%s\n' '#!/bin/sh' '' \
    '# Services do not start during "docker build": apt-get install inside an image' \
    '# must not try to launch daemons.' '' 'exit 101' > "$root/usr/sbin/policy-rc.d"
  chmod 0755 "$root/usr/sbin/policy-rc.d"
  cat > "$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };

Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::GzipIndexes "true";' > "$root/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'Acquire::Languages "none";' > "$root/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' > "$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
  echo 'force-unsafe-io' > "$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  rm -f "$root/etc/apt/sources.list"
  cat > "$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $ENGINE_MIRROR
Suites: $ENGINE_SUITE $ENGINE_SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $ENGINE_SECURITY_MIRROR
Suites: $ENGINE_SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

SLIM_KEEP=(
  '/usr/share/doc/*/copyright'
  '/usr/share/locale/all_languages' '/usr/share/locale/currency/*' '/usr/share/locale/l10n/*'
  '/usr/share/locale/languages' '/usr/share/locale/locale.alias'
)
SLIM_DROP=(/usr/share/doc /usr/share/groff /usr/share/info /usr/share/linda /usr/share/lintian/overrides /usr/share/locale /usr/share/man)

make_slim() { # the slim variant: dpkg excludes for later installs, and the same cut now
  local root=$1 d p
  {
    echo '# slim variant: documentation, manuals and translations are not installed'
    for d in "${SLIM_DROP[@]}"; do echo "path-exclude $d/*"; done
    echo
    for p in "${SLIM_KEEP[@]}" '/usr/share/doc/kde/HTML/C/*' '/usr/share/gnome/help/*/C/*' '/usr/share/omf/*/*-C.emf'; do
      echo "path-include $p"
    done
  } > "$root/etc/dpkg/dpkg.cfg.d/docker"
  local keep_args=()
  for p in "${SLIM_KEEP[@]}"; do keep_args+=(-o -path "$root$p"); done
  for d in "${SLIM_DROP[@]}"; do
    [ -d "$root$d" ] || continue
    find "$root$d" -mindepth 1 ! -type d ! \( -false "${keep_args[@]}" \) -delete
    find "$root$d" -mindepth 1 -depth -type d -empty -delete
  done
}

ensure_debootstrap() { # also on machines whose engine this script did not install
  command -v debootstrap >/dev/null && return 0
  say "installing debootstrap"
  apt-get update -q >/dev/null || say "WARNING: apt-get update reported errors"
  apt-get install -y -q --no-install-recommends debootstrap >/dev/null
}

build_rootfs() { # -> $SCRATCH/rootfs
  local root=$SCRATCH/rootfs
  local tarball=$ENGINE_CACHE_DIR/debootstrap-$ENGINE_SUITE-minbase-$ARCH.tgz
  if [ ! -s "$tarball" ]; then
    say "debootstrap: downloading the $ENGINE_SUITE minbase packages (kept in $tarball)"
    debootstrap --variant=minbase --arch="$ARCH" --make-tarball="$tarball.part.tgz" \
      "$ENGINE_SUITE" "$SCRATCH/fetch" "$ENGINE_MIRROR" > "$SCRATCH/debootstrap-fetch.log" 2>&1 \
      || { tail -n 20 "$SCRATCH/debootstrap-fetch.log" >&2; fail "debootstrap --make-tarball failed"; }
    mv "$tarball.part.tgz" "$tarball"
  fi
  say "debootstrap: unpacking and configuring the rootfs"
  debootstrap --variant=minbase --arch="$ARCH" --unpack-tarball="$tarball" \
    "$ENGINE_SUITE" "$root" "$ENGINE_MIRROR" > "$SCRATCH/debootstrap.log" 2>&1 \
    || { tail -n 20 "$SCRATCH/debootstrap.log" >&2; fail "debootstrap failed"; }
  apt_settings "$root"
  local ca
  mkdir -p "$root/usr/local/share/ca-certificates"
  while read -r ca; do [ -n "$ca" ] && install -m 0644 "$ca" "$root/usr/local/share/ca-certificates/"; done < <(host_cas)
  say "apt-get dist-upgrade inside the rootfs ($ENGINE_SUITE-updates, -security)"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  mount -t proc proc "$root/proc"
  { chroot_run "$root" apt-get update -q && chroot_run "$root" apt-get dist-upgrade -y -q -o Dpkg::Use-Pty=0; } \
    > "$SCRATCH/upgrade.log" 2>&1 || { tail -n 20 "$SCRATCH/upgrade.log" >&2; fail "dist-upgrade in the rootfs failed"; }
  chroot_run "$root" apt-get clean
  umount "$root/proc"
  # what the official build leaves out
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/cache/apt/archives/partial/* "$root"/var/log/apt/* "$root"/var/log/dpkg.log \
    "$root"/var/log/alternatives.log "$root"/var/log/bootstrap.log "$root"/var/cache/ldconfig/aux-cache \
    "$root"/tmp/* "$root"/var/tmp/* "$root"/run/mount/utab "$root"/debootstrap \
    "$root"/etc/apt/apt.conf.d/01autoremove-kernels
  rm -f "$root/etc/resolv.conf" "$root/etc/hostname"
  : > "$root/etc/machine-id"
}

import_rootfs() { # root name recipe
  local root=$1 name=$2 recipe=$3
  tar --numeric-owner --xattrs --acls -C "$root" \
      --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -cf - . \
    | dk import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'CMD ["bash"]' \
        --change "LABEL $LABEL_KEY=$recipe" \
        --message "dockslim stand-in $name (debootstrap --variant=minbase $ENGINE_SUITE)" \
        - "$name" >/dev/null
  say "$name imported ($(mb_of "$name"))"
  keep_image "$name" "$recipe"
}

debian_recipe() { # full|slim
  { echo "rev $RECIPE_REV $1 $ENGINE_SUITE $ARCH $ENGINE_MIRROR $ENGINE_SECURITY_MIRROR"
    local ca; while read -r ca; do [ -n "$ca" ] && sha256sum < "$ca"; done < <(host_cas)
    declare -f build_rootfs apt_settings make_slim import_rootfs
    declare -p SLIM_KEEP SLIM_DROP; } | sum16
}

ensure_debian() {
  local full=debian:$ENGINE_SUITE slim=debian:$ENGINE_SUITE-slim rf rs need_full=0 need_slim=0
  rf=$(debian_recipe full); rs=$(debian_recipe slim)
  if [ "$1" = 1 ] && ! have_image "$full" "$rf"; then need_full=1; fi
  if [ "$2" = 1 ] && ! have_image "$slim" "$rs"; then need_slim=1; fi
  [ "$need_full$need_slim" != 00 ] || return 0
  ensure_debootstrap
  build_rootfs
  [ "$need_full" = 1 ] && import_rootfs "$SCRATCH/rootfs" "$full" "$rf"
  if [ "$need_slim" = 1 ]; then
    make_slim "$SCRATCH/rootfs"
    import_rootfs "$SCRATCH/rootfs" "$slim" "$rs"
  fi
  rm -rf --one-file-system "$SCRATCH/rootfs"
}

# buildpack-deps:<release>, layer by layer (curl, scm, full): what the official non-slim
# python and node images are built on, from docker-library/buildpack-deps'
# debian/{bookworm,bullseye}/{curl,scm,.}/Dockerfile. Only the curl layer differs (no `sq`
# in bullseye).
declare -A BUILDPACK_CURL=(
  [bookworm]="ca-certificates curl gnupg netbase sq wget"
  [bullseye]="ca-certificates curl gnupg netbase wget"
)
BUILDPACK_SCM="git mercurial openssh-client subversion procps"
BUILDPACK_FULL="autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick
  libbz2-dev libc6-dev libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev libglib2.0-dev
  libgmp-dev libjpeg-dev libkrb5-dev liblzma-dev libmagickcore-dev libmagickwand-dev libmaxminddb-dev
  libncurses5-dev libncursesw5-dev libpng-dev libpq-dev libreadline-dev libsqlite3-dev libssl-dev libtool
  libwebp-dev libxml2-dev libxslt-dev libyaml-dev make patch unzip xz-utils zlib1g-dev"
# packages whose current file Debian's archive, as reached here, does not serve; what they
# hold comes with another package of the list (libmagickcore-dev is an empty package whose
# dependency, libmagickcore-6.q16-dev, libmagickwand-dev brings)
declare -A BUILDPACK_UNSERVED=([bullseye]="libmagickcore-dev")

buildpack_full() { # BUILDPACK_FULL for $ENGINE_SUITE, on one line
  local p kept=()
  for p in $BUILDPACK_FULL; do
    case " ${BUILDPACK_UNSERVED[$ENGINE_SUITE]:-} " in *" $p "*) ;; *) kept+=("$p") ;; esac
  done
  echo "${kept[*]}"
}

# FROM debian:<release>[-slim] (slim|full) and, for full, the buildpack-deps layers
debian_layers() {
  if [ "$1" = slim ]; then echo "FROM debian:$ENGINE_SUITE-slim"; else echo "FROM debian:$ENGINE_SUITE"; fi
  echo 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8'
  [ "$1" = full ] || return 0
  echo "RUN apt-get update && apt-get install -y --no-install-recommends ${BUILDPACK_CURL[$ENGINE_SUITE]} && rm -rf /var/lib/apt/lists/*"
  echo "RUN apt-get update && apt-get install -y --no-install-recommends $BUILDPACK_SCM && rm -rf /var/lib/apt/lists/*"
  echo "RUN apt-get update && apt-get install -y --no-install-recommends $(buildpack_full) && rm -rf /var/lib/apt/lists/*"
}

python_dockerfile() { # slim|full, for Debian's python3 of $ENGINE_SUITE, version $PY
  local flavor=$1
  debian_layers "$flavor"
  if [ "$flavor" = full ]; then
    echo 'RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-dev python3-venv && rm -rf /var/lib/apt/lists/*'
  else
    # runtime of the official slim image: its python is built with --enable-shared, so
    # libpython is there (uwsgi links it), and so are Python's C headers (the official slim
    # image has them in /usr/local/include), without the -dev package's dependencies
    cat <<EOF
RUN set -eux; \\
    apt-get update; \\
    apt-get install -y --no-install-recommends ca-certificates netbase tzdata python3 python3-venv libpython$PY; \\
    cd /tmp; apt-get download libpython$PY-dev; \\
    dpkg-deb --fsys-tarfile libpython$PY-dev_*.deb | tar -x -C / ./usr/include; \\
    rm -f /tmp/*.deb; rm -rf /var/lib/apt/lists/*
EOF
  fi
  cat <<EOF
RUN set -eux; \\
    update-ca-certificates; \\
    printf '[global]\\ncert = /etc/ssl/certs/ca-certificates.crt\\n' > /etc/pip.conf; \\
    rm -f /usr/lib/python$PY/EXTERNALLY-MANAGED; \\
    mkdir -p /usr/local/lib/python$PY/site-packages; \\
    rmdir /usr/local/lib/python$PY/dist-packages 2>/dev/null || true; \\
    ln -sfn site-packages /usr/local/lib/python$PY/dist-packages; \\
    for n in python python3 python$PY; do ln -sf /usr/bin/python$PY /usr/local/bin/\$n; done; \\
    python3 "\$(ls /usr/share/python-wheels/pip-*.whl)/pip" install --no-cache-dir --no-index \\
        --find-links /usr/share/python-wheels pip setuptools; \\
    if [ -n "$ENGINE_PIP_PINS" ]; then pip install --no-cache-dir $ENGINE_PIP_PINS; fi; \\
    rm -rf /root/.cache /tmp/*; \\
    python --version; pip --version; \\
    python -c 'import ssl, sqlite3, venv, ctypes, zlib, bz2, lzma, sysconfig; print(sysconfig.get_paths()["purelib"])'
EOF
  echo 'CMD ["python3"]'
}

node_dockerfile() { # slim|full, for Debian's nodejs of $ENGINE_SUITE
  debian_layers "$1"
  local packages="nodejs"
  # npm depends on Debian's node-gyp, which brings Node's headers (libnode-dev)
  [ "$1" = full ] && packages="nodejs npm"
  echo "RUN apt-get update && apt-get install -y --no-install-recommends $packages && rm -rf /var/lib/apt/lists/* \\"
  echo '    && useradd --create-home --uid 1000 node && node --version'
  echo 'CMD ["node"]'
}

ensure_image() { # slim|full name recipe-function: build NAME on debian:$ENGINE_SUITE[-slim]
  local flavor=$1 name=$2 recipe_of=$3 base recipe ctx
  if [ "$flavor" = slim ]; then base=debian:$ENGINE_SUITE-slim; else base=debian:$ENGINE_SUITE; fi
  dk image inspect "$base" >/dev/null 2>&1 || fail "$name is built on $base, which is missing"
  recipe=$( { echo "rev $RECIPE_REV"; label_of "$base"; "$recipe_of" "$flavor"; } | sum16)
  have_image "$name" "$recipe" && return 0
  ctx=$SCRATCH/ctx-${name//[:\/]/_}
  mkdir -p "$ctx"
  { "$recipe_of" "$flavor"; echo "LABEL $LABEL_KEY=$recipe"; } > "$ctx/Dockerfile"
  say "building $name (docker build --network host)"
  local t0=$SECONDS
  dk build --network host --progress plain -t "$name" "$ctx" > "$ctx.log" 2>&1 \
    || { tail -n 40 "$ctx.log" >&2; fail "build of $name failed"; }
  say "$name built in $(( SECONDS - t0 ))s ($(mb_of "$name"))"
  keep_image "$name" "$recipe"
}

# Per Debian release: Debian's python3 there and the official tags of that Python on that
# release (full, slim), and the same for Debian's nodejs ("-" = none made).
STAND_INS=(
  "bookworm 3.11 python:3.11 python:3.11-slim node:18-bookworm node:18-bookworm-slim"
  "bullseye 3.9  python:3.9-bullseye python:3.9-slim-bullseye - -"
)

alias_tag() { # image alias: tag the image under a second name when it exists
  if dk image inspect "$1" >/dev/null 2>&1; then dk tag "$1" "$2" && say "$2 = $1"; fi
}

do_images() {
  say "== images"
  if [ -z "$CLI" ] && ! pick_client; then fail "no docker client with buildx (run: $0 install)"; fi
  engine_answers || fail "no engine answers at $TARGET_HOST (run: $0 daemon)"
  mkdir -p "$ENGINE_CACHE_DIR" "$ENGINE_STATE_DIR"
  exec 8> "$ENGINE_STATE_DIR/images.lock"
  flock -w 1800 8 || fail "another engine.sh is making images"
  SCRATCH=$(mktemp -d /var/tmp/dockslim-engine.XXXXXX)
  local want row ENGINE_SUITE PY py_full py_slim node_full node_slim full slim
  want=" $(echo $ENGINE_IMAGES) "
  for row in "${STAND_INS[@]}"; do
    read -r ENGINE_SUITE PY py_full py_slim node_full node_slim <<< "$row"
    full=0; slim=0
    case "$want" in *" debian:$ENGINE_SUITE "* | *" $py_full "* | *" $node_full "*) full=1 ;; esac
    case "$want" in *" debian:$ENGINE_SUITE-slim "* | *" $py_slim "* | *" $node_slim "*) slim=1 ;; esac
    ensure_debian "$full" "$slim"
    case "$want" in *" $py_slim "*) ensure_image slim "$py_slim" python_dockerfile ;; esac
    case "$want" in *" $py_full "*) ensure_image full "$py_full" python_dockerfile ;; esac
    case "$want" in *" $node_slim "*) ensure_image slim "$node_slim" node_dockerfile ;; esac
    case "$want" in *" $node_full "*) ensure_image full "$node_full" node_dockerfile ;; esac
    # the official python images are also tagged with their Debian release
    # (python:3.11-bookworm, python:3.11-slim-bookworm): the same images here
    case "$py_full" in *-"$ENGINE_SUITE") ;; *) alias_tag "$py_full" "$py_full-$ENGINE_SUITE" ;; esac
    case "$py_slim" in *-"$ENGINE_SUITE") ;; *) alias_tag "$py_slim" "$py_slim-$ENGINE_SUITE" ;; esac
  done
  local id _
  for _ in 1 2; do   # twice: an old base goes once the old image built on it is gone
    for id in $REPLACED; do
      dk rmi "$id" >/dev/null 2>&1 && say "removed the replaced image ${id:7:12}" || true
    done
  done
}

# ------------------------------------------------------------------------- status

# python, pip, and every host CA in the image's trust store
PY_SMOKE=$(cat <<'EOF'
set -e
python -c 'import sys, ssl, sqlite3; print("python", sys.version.split()[0])'
pip --version | cut -d' ' -f1-2
n=0; k=0
for c in /usr/local/share/ca-certificates/*.crt; do
  [ -e "$c" ] || continue
  n=$((n + 1)); [ -e "/etc/ssl/certs/$(basename "$c" .crt).pem" ] && k=$((k + 1))
done
echo "host CAs $k/$n"
[ "$k" = "$n" ]
EOF
)

do_status() {
  say "== status ($ENGINE_NAME)"
  if [ -z "$CLI" ] && ! pick_client; then fail "no docker client with buildx"; fi
  engine_answers || fail "no engine answers at $TARGET_HOST"
  echo "client:      $CLI ($("$CLI" version --format '{{.Client.Version}}'), buildx $("$CLI" buildx version | awk '{print $2}'))"
  echo "DOCKER_HOST: $TARGET_HOST"
  dk info --format 'server:      Docker {{.ServerVersion}}, storage {{.Driver}}, root {{.DockerRootDir}}, cgroup v{{.CgroupVersion}}'
  echo "networks:    $(dk network ls --format '{{.Name}}/{{.Driver}}' | paste -sd' ')"
  [ -e "$ENV_FILE" ] && echo "env file:    $ENV_FILE"
  local first
  first=$(PATH=$ORIG_PATH; type -P docker 2>/dev/null || true)
  if [ -n "$first" ] && [ "$first" != "$CLI" ]; then
    if has_buildx "$first"; then echo "note:        docker first on PATH is $first"
    else echo "note:        docker first on PATH is $first, which has no buildx: use $CLI"; fi
  fi
  assert_no_bridge
  local img bad=0 out
  for img in $ENGINE_IMAGES; do
    if ! dk image inspect "$img" >/dev/null 2>&1; then echo "  $img: MISSING"; bad=1; continue; fi
    case "$img" in
      python:*)
        out=$(dk run --rm --network none "$img" sh -c "$PY_SMOKE" 2>&1 | paste -sd' ') || bad=1 ;;
      node:*)
        out=$(dk run --rm --network none "$img" sh -c 'echo "node $(node --version)"; id -u node' 2>&1 | paste -sd' ') || bad=1 ;;
      *)
        out=$(dk run --rm --network none "$img" sh -c '. /etc/os-release && echo "$PRETTY_NAME" &&
          apt-config dump | grep -q GzipIndexes && echo "apt settings ok"' 2>&1 | paste -sd' ') || bad=1 ;;
    esac
    printf '  %-26s %8s  %s\n' "$img" "$(mb_of "$img")" "$out"
  done
  [ "$bad" = 0 ] || fail "smoke check failed"
  say "smoke check passed (--network none)"
}

# ------------------------------------------------------------------------- main

# An engine that already answers with BuildKit is used as it is.
usable_engine_exists() { pick_client && engine_answers; }

cmd=${1:-all}
case "$cmd" in
  all)
    if usable_engine_exists; then
      say "an engine with BuildKit answers at $TARGET_HOST; using it as it is"
      assert_no_bridge
      write_env_file
    else
      do_install
      CLI=""
      do_daemon
    fi
    do_images
    do_status
    ;;
  install) do_install ;;
  daemon)  do_daemon ;;
  images)  do_images ;;
  status)  do_status ;;
  stop)    do_stop ;;
  -h | --help | help) sed -n '2,/^set -Eeuo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) fail "usage: $0 [all|install|daemon|images|status|stop]" ;;
esac
say "done: $cmd in $(( $(date +%s) - STARTED ))s"
if [ "$cmd" = all ] || [ "$cmd" = daemon ]; then
  echo "DOCKSLIM_DOCKER_CLI=$CLI"
  echo "DOCKER_HOST=$TARGET_HOST"
fi
