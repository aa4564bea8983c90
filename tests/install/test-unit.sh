#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The systemd user unit as built: systemd-analyze verify finds nothing
# wrong with it, and its sandbox scores at most 4.0 on systemd-analyze
# security (lower is safer; the unit's own comments say what is left out
# and why). ExecStart= points at the built service so that verify, which
# checks the program exists, can run without an install. The man pages of
# Documentation= are checked by the docs tests, so verify skips them.
set -eu
unit=$1
service=$2
# --threshold counts in tenths: 40 is the 4.0 it prints.
threshold=40
if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: no systemd-analyze (Debian's systemd package)"
  exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s|^ExecStart=.*|ExecStart=$service|" "$unit" > "$dir/scened.service"
status=0
if systemd-analyze verify --man=no "$dir/scened.service"; then
  echo "ok: systemd-analyze verify"
else
  echo "systemd-analyze verify failed"
  status=1
fi
# The user manager's paths are under XDG_RUNTIME_DIR, which a test has not.
mkdir -m 0700 "$dir/runtime"
if XDG_RUNTIME_DIR="$dir/runtime" systemd-analyze security --offline=yes --user \
    --threshold="$threshold" "$dir/scened.service" > "$dir/security.txt" 2>&1; then
  echo "ok: $(grep 'Overall exposure' "$dir/security.txt")"
else
  cat "$dir/security.txt"
  echo "systemd-analyze security: above 4.0 (or failed)"
  status=1
fi
exit $status
