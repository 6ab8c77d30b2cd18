#!/usr/bin/env bash
# Set up a Docker engine and the sandbox image for o1coder's `docker` backend, offline.
#
# What it does (each step is skipped when already done, so re-running is cheap):
#   1. apt-get install docker.io and debootstrap (Debian mirror only; no Docker Hub).
#      The debootstrap mirror and suite are those of this machine's apt sources
#      (scripts/apt-mirror.sh), so it works wherever apt does.
#   2. Start dockerd by hand on a private socket, with its own data root, no iptables and no
#      default bridge (sandbox containers run with network_mode="none" anyway), and wait until
#      it answers.
#   3. Build the image o1coder-sandbox:latest with no registry: debootstrap a minimal Debian
#      bookworm root with python3 (the worker is standard library only), pack it as a tarball
#      (cached under /var/cache/o1coder-docker) and `docker import` it.
#   4. Print the DOCKER_HOST to export.
#
# It never deletes anything it did not create: it only ever removes its own temporary rootfs
# directory (a fresh mktemp path) after packing it.
#
# Usage: sudo scripts/docker-setup.sh            (then: export DOCKER_HOST=unix:///run/o1coder-docker.sock)
# Env:   O1CODER_DOCKER_SOCK   socket path     (default /run/o1coder-docker.sock)
#        O1CODER_DOCKER_ROOT   dockerd data root (default /var/lib/o1coder-docker)
#        O1CODER_DOCKER_IMAGE  image tag        (default o1coder-sandbox:latest)
#        O1CODER_DEBIAN_MIRROR debootstrap mirror (default: the mirror of this machine's apt
#                              sources, see scripts/apt-mirror.sh; else http://deb.debian.org/debian)
#        O1CODER_DEBIAN_SUITE  debootstrap suite  (default: that source's suite; else bookworm)
set -euo pipefail

SOCK="${O1CODER_DOCKER_SOCK:-/run/o1coder-docker.sock}"
DATA_ROOT="${O1CODER_DOCKER_ROOT:-/var/lib/o1coder-docker}"
IMAGE="${O1CODER_DOCKER_IMAGE:-o1coder-sandbox:latest}"
# The mirror apt already uses here is the one known to be reachable (no hard-coded URL).
# shellcheck source=scripts/apt-mirror.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-mirror.sh"
read -r APT_MIRROR APT_SUITE <<<"$(apt_mirror)"
MIRROR="${O1CODER_DEBIAN_MIRROR:-$APT_MIRROR}"
SUITE="${O1CODER_DEBIAN_SUITE:-$APT_SUITE}"
CACHE_DIR=/var/cache/o1coder-docker
ROOTFS_TAR="$CACHE_DIR/rootfs-$SUITE-python3.tar"
LOG=/var/log/o1coder-dockerd.log
DOCKER_HOST_URL="unix://$SOCK"

say() { printf '[docker-setup] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (it installs packages and starts dockerd)"

# The engine's own CLI (docker.io's /usr/bin/docker) talks to our private socket.
dk() { DOCKER_HOST="$DOCKER_HOST_URL" docker "$@"; }

# --- 1. packages --------------------------------------------------------------------------------
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
if [ "${#need[@]}" -gt 0 ]; then
    say "installing ${need[*]} (apt)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
command -v dockerd >/dev/null 2>&1 || die "dockerd is still missing after installing docker.io"
command -v docker >/dev/null 2>&1 || die "the docker CLI is missing"

# --- 2. the engine --------------------------------------------------------------------------------
engine_up() { dk version --format '{{.Server.Version}}' >/dev/null 2>&1; }
if engine_up; then
    say "engine already answers at $DOCKER_HOST_URL"
else
    pid="$(cat /run/o1coder-dockerd.pid 2>/dev/null || true)"
    if [ -n "$pid" ] && [ -n "$(ps -o stat= -p "$pid" 2>/dev/null | grep -v Z)" ]; then
        die "dockerd (pid $pid) runs but does not answer at $SOCK: see $LOG"
    fi
    # A dockerd this script started died: its pidfile (stale, ours) would stop the new one; the
    # socket it left is replaced by the new dockerd itself.
    [ -n "$pid" ] && rm -f /run/o1coder-dockerd.pid
    say "starting dockerd on $SOCK (log: $LOG)"
    mkdir -p "$DATA_ROOT"
    # setsid: the engine outlives this script's session. The exec-root keeps it clear of any
    # other dockerd's /var/run/docker state; the pidfile too.
    setsid dockerd --host "$DOCKER_HOST_URL" --data-root "$DATA_ROOT" \
        --exec-root /run/o1coder-docker --pidfile /run/o1coder-dockerd.pid \
        --iptables=false --ip-masq=false --bridge=none >"$LOG" 2>&1 < /dev/null &
    dpid=$!
    for _ in $(seq 1 120); do
        engine_up && break
        [ -n "$(ps -o stat= -p "$dpid" 2>/dev/null | grep -v Z)" ] || break  # it exited
        sleep 0.5
    done
    engine_up || { tail -n 30 "$LOG" >&2; die "dockerd did not answer within 60 s (see $LOG)"; }
    say "engine up: $(dk version --format '{{.Server.Version}}')"
fi

# --- 3. the image ---------------------------------------------------------------------------------
if dk image inspect "$IMAGE" >/dev/null 2>&1; then
    say "image $IMAGE already present"
else
    if [ ! -s "$ROOTFS_TAR" ]; then
        mkdir -p "$CACHE_DIR"
        rootfs="$(mktemp -d /var/tmp/o1coder-rootfs.XXXXXX)"
        say "debootstrap $SUITE minbase + python3 into $rootfs (mirror $MIRROR)"
        debootstrap --variant=minbase --include=python3 "$SUITE" "$rootfs" "$MIRROR" \
            >"$CACHE_DIR/debootstrap.log" 2>&1 \
            || { tail -n 30 "$CACHE_DIR/debootstrap.log" >&2; rm -rf --one-file-system "$rootfs"; \
                 die "debootstrap failed (see $CACHE_DIR/debootstrap.log)"; }
        # Slim it: apt lists, package caches and docs are not needed to run python3.
        rm -rf "${rootfs:?}/var/cache/apt/archives/"*.deb "${rootfs:?}/var/lib/apt/lists/"* \
               "${rootfs:?}/usr/share/doc" "${rootfs:?}/usr/share/man" "${rootfs:?}/usr/share/info"
        # Mount points the backend uses (the root is read-only at run time).
        mkdir -p "$rootfs/o1box" "$rootfs/work"
        tar -C "$rootfs" --numeric-owner -cf "$ROOTFS_TAR.part" .
        mv "$ROOTFS_TAR.part" "$ROOTFS_TAR"
        rm -rf --one-file-system "${rootfs:?}"   # the mktemp directory this script created
    else
        say "reusing cached root filesystem $ROOTFS_TAR"
    fi
    say "docker import -> $IMAGE"
    dk import --change 'CMD ["/usr/bin/python3"]' --change 'WORKDIR /work' \
        "$ROOTFS_TAR" "$IMAGE" >/dev/null
fi
dk run --rm --network none "$IMAGE" /usr/bin/python3 -I -S -c 'import ctypes, json, resource' \
    || die "the image $IMAGE cannot run python3"
say "ready: $(dk run --rm --network none "$IMAGE" /usr/bin/python3 -V 2>&1)"

echo "export DOCKER_HOST=$DOCKER_HOST_URL"
