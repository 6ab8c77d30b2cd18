#!/usr/bin/env bash
# Print "MIRROR SUITE" of the machine's own apt sources, for debootstrap in docker-setup.sh.
#
# Why: a hard-coded mirror fails wherever only a local/proxied mirror is reachable; the mirror
# apt already uses is the one known to work. Reads, in order, $APT_DIR/sources.list,
# $APT_DIR/sources.list.d/*.list (one-line format) and $APT_DIR/sources.list.d/*.sources
# (deb822). The first binary ("deb") entry of a main suite wins: security/updates/backports
# suites (a "-" or "/" in the name) are skipped, as debootstrap needs the base suite. With none
# found it prints the fallback (http://deb.debian.org/debian bookworm).
#
# Usage: scripts/apt-mirror.sh          (or `source` it and call apt_mirror)
# Env:   O1CODER_APT_DIR  the apt config directory to read (default /etc/apt; tests point it
#                         at a fake one)
set -euo pipefail

APT_MIRROR_FALLBACK="http://deb.debian.org/debian bookworm"

# One-line format: deb [options] URI SUITE COMPONENTS...
_apt_mirror_oneline() {
    local file="$1" line uri suite
    while IFS= read -r line || [ -n "$line" ]; do
        line="${line%%#*}"
        # Drop "[arch=... signed-by=...]" options; they never hold the URI.
        line="$(printf '%s' "$line" | sed -E 's/\[[^]]*\]//')"
        set -- $line
        [ "${1:-}" = "deb" ] || continue
        uri="${2:-}"; suite="${3:-}"
        [ -n "$uri" ] && [ -n "$suite" ] || continue
        case "$suite" in *-*|*/*) continue ;; esac
        printf '%s %s\n' "${uri%/}" "$suite"
        return 0
    done < "$file"
    return 1
}

# deb822 format: stanzas of "Key: value" lines, separated by blank lines.
_apt_mirror_deb822() {
    local file="$1"
    awk '
        function flush() {
            if (types ~ /(^| )deb( |$)/ && enabled != "no" && uris != "") {
                n = split(suites, s, " ")
                for (i = 1; i <= n; i++) if (s[i] !~ /[-\/]/) {
                    split(uris, u, " "); sub(/\/$/, "", u[1]); print u[1], s[i]; found = 1; exit
                }
            }
            types = ""; uris = ""; suites = ""; enabled = ""
        }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); next }
        {
            key = tolower($1); sub(/:$/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val)
            if (key == "types") types = val
            else if (key == "uris") uris = val
            else if (key == "suites") suites = val
            else if (key == "enabled") enabled = tolower(val)
        }
        END { if (!found) flush(); exit !found }
    ' "$file"
}

# Print "MIRROR SUITE" of the first usable apt source, else the fallback.
apt_mirror() {
    local dir="${O1CODER_APT_DIR:-/etc/apt}" f
    for f in "$dir/sources.list" "$dir"/sources.list.d/*.list; do
        [ -f "$f" ] && _apt_mirror_oneline "$f" && return 0
    done
    for f in "$dir"/sources.list.d/*.sources; do
        [ -f "$f" ] && _apt_mirror_deb822 "$f" && return 0
    done
    printf '%s\n' "$APT_MIRROR_FALLBACK"
}

# Run as a script (not sourced): print the answer.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    apt_mirror
fi
