#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Usage: check-case-list.sh PROGRAM CASE...
# meson.build registers each GTest case of PROGRAM as its own test; this
# fails when the program has a case that meson.build does not list (it
# would never run) or meson.build lists one the program lacks.
set -eu
prog=$1
shift
listed=$(printf '%s\n' "$@" | sort)
actual=$("$prog" -l | grep '^/' | sort)
if [ "$listed" != "$actual" ]; then
  echo "the cases of $prog and tests/integration/meson.build differ:"
  printf '%s\n' "$listed" >"${TMPDIR:-/tmp}/listed.$$"
  printf '%s\n' "$actual" | diff -u "${TMPDIR:-/tmp}/listed.$$" - || true
  rm -f "${TMPDIR:-/tmp}/listed.$$"
  exit 1
fi
