#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# meson install into a scratch root: the programs, the D-Bus activation
# file, the user unit, the translations, the man pages, the API reference,
# the shell completions and the documents (licence included) land where a
# distribution expects them.
set -eu
build_dir=$1
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
meson install -C "$build_dir" --no-rebuild --destdir "$root" --quiet
prefix=$(meson introspect "$build_dir" --buildoptions |
  python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"))')
status=0
for path in bin/scenectl libexec/scened share/dbus-1/services/org.scened.Scened1.service \
    share/doc/scened/COPYING share/doc/scened/NEWS share/doc/scened/README.md \
    share/locale/de/LC_MESSAGES/scened.mo \
    share/man/man1/scenectl.1 share/man/man8/scened.8 \
    share/doc/scened/api/index.html share/doc/scened/api/org.scened.Scened1.Manager.html \
    share/doc/scened/api/org.scened.Scened1.Session.html \
    share/doc/scened/api/org.scened.Scened1.SceneDetector.html \
    share/doc/scened/api/org.scened.Scened1.AudioExtractor.html \
    share/bash-completion/completions/scenectl share/zsh/vendor-completions/_scenectl \
    share/fish/vendor_completions.d/scenectl.fish; do
  if [ -e "$root$prefix/$path" ]; then
    echo "ok: $prefix/$path"
  else
    echo "missing: $prefix/$path"
    status=1
  fi
done
if ! find "$root" -name scened.service | grep -q .; then
  echo "missing: the systemd user unit scened.service"
  status=1
fi
grep -q "GNU LESSER GENERAL PUBLIC LICENSE" "$root$prefix/share/doc/scened/COPYING" || {
  echo "COPYING is not the LGPL"
  status=1
}
exit $status
