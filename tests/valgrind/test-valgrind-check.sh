#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: test-valgrind-check.sh VALGRIND_CHECK PROBE
#
# tools/valgrind-check against fake valgrinds on PATH, each standing for one
# kind of machine: one where valgrind runs libav, one where it dies on an
# instruction while libav loads (the report is valgrind 3.19's, as seen on
# a CPU without RDTSCP), one where it dies with no report, and one where the
# probe has a memory error (which must not be taken for a CPU that valgrind
# cannot run). Prints TAP.
set -uo pipefail

check=$1
probe=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A library the probe really loads, as the report names it: Highway where
# libavcodec pulls it in, else libavcodec itself.
library=$(ldd "$probe" | sed -n 's/.*=> \(\/[^ ]*libhwy[^ ]*\) (0x.*/\1/p' | head -n 1)
[ -n "$library" ] || library=$(ldd "$probe" | sed -n 's/.*=> \(\/[^ ]*libavcodec[^ ]*\) (0x.*/\1/p' | head -n 1)
library=$(readlink -f "$library")

fake () {
  mkdir -p "$work/$1"
  {
    echo '#!/bin/bash'
    echo '[ "${1:-}" = --version ] && { echo valgrind-3.19.0; exit 0; }'
    cat
  } > "$work/$1/valgrind"
  chmod +x "$work/$1/valgrind"
}

fake works <<'SH'
while [ $# -gt 0 ] && [ "${1#--}" != "$1" ]; do shift; done
exec "$@"
SH

fake rdtscp <<SH
cat >&2 <<'REPORT'
==4242== Memcheck, a memory error detector
==4242== Command: probe
==4242==
vex amd64->IR: unhandled instruction bytes: 0xF 0x1 0xF9 0x48 0xC1 0xE2 0x20 0x48 0x9 0xD0
vex amd64->IR:   REX=0 REX.W=0 REX.R=0 REX.X=0 REX.B=0
vex amd64->IR:   VEX=0 VEX.L=0 VEX.nVVVV=0x0 ESC=0F
vex amd64->IR:   PFX.66=0 PFX.F2=0 PFX.F3=0
==4242== valgrind: Unrecognised instruction at address 0x6b1e0b6.
==4242==    at 0x6B1E0B6: hwy::platform::TimerResolution() (in $library)
==4242==    by 0x6B0F2D3: ??? (in $library)
==4242==    by 0x4005F1D: call_init (dl-init.c:70)
==4242== Your program just tried to execute an instruction that Valgrind
==4242== did not recognise.
==4242== Process terminating with default action of signal 4 (SIGILL)
REPORT
kill -ILL \$\$
SH

fake silent-sigill <<'SH'
kill -ILL $$
SH

fake memcheck-error <<'SH'
echo '==7== Invalid read of size 4' >&2
echo '==7== ERROR SUMMARY: 1 errors from 1 contexts' >&2
exit 1
SH

n=0
failed=0
# ok STATUS DESCRIPTION: one TAP line; on failure, what the check said.
ok () {
  n=$((n + 1))
  if [ "$1" = 0 ]; then
    echo "ok $n - $2"
  else
    echo "not ok $n - $2"
    echo "# exit $rc"
    sed 's/^/# /' <<< "$out"
    failed=1
  fi
}

echo "1..4"

out=$(PATH="$work/works:$PATH" "$check" "$probe" 2>&1); rc=$?
[ $rc -eq 0 ] && [ -z "$out" ]
ok $? "valgrind that runs libav: exit 0, nothing said"

out=$(PATH="$work/rdtscp:$PATH" "$check" "$probe" 2>&1); rc=$?
reason=$out
[ $rc -eq 1 ] && [ "$(wc -l <<< "$out")" = 1 ] \
  && grep -q "^valgrind-3.19.0 cannot run libav on this CPU" <<< "$reason" \
  && grep -qF "0xF 0x1 0xF9 (RDTSCP)" <<< "$reason" \
  && grep -qF "at hwy::platform::TimerResolution() in $(basename "$library")" <<< "$reason"
ok $? "RDTSCP report: exit 1, one line naming the instruction, function and library"

out=$(PATH="$work/silent-sigill:$PATH" "$check" "$probe" 2>&1); rc=$?
[ $rc -eq 1 ] && grep -q 'cannot run libav on this CPU.*killed by SIGILL' <<< "$out"
ok $? "SIGILL with no report: exit 1, the signal named"

out=$(PATH="$work/memcheck-error:$PATH" "$check" "$probe" 2>&1); rc=$?
[ $rc -eq 0 ] && ! grep -q 'cannot run' <<< "$out" && grep -q 'go ahead' <<< "$out"
ok $? "a memory error in the probe is no reason to skip: exit 0 with a warning"

exit $failed
