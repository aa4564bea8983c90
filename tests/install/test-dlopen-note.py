#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The service names what it opens with dlopen in an ELF ".note.dlopen"
# note (https://systemd.io/ELF_DLOPEN_METADATA/), so that packaging tools
# see libavfilter: the note is there, well formed, and names the soname
# of the libavfilter the build found.
#   test-dlopen-note.py BINARY SONAME
import json
import os
import struct
import subprocess
import sys
import tempfile

binary, soname = sys.argv[1:3]
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "note")
    subprocess.run(["objcopy", "--dump-section", ".note.dlopen=" + out, binary,
                    os.path.join(tmp, "copy")], check=True)
    data = open(out, "rb").read()

found = []
offset = 0
while offset + 12 <= len(data):
    name_size, desc_size, kind = struct.unpack_from("<III", data, offset)
    offset += 12
    name = data[offset:offset + name_size].rstrip(b"\0")
    offset += (name_size + 3) & ~3
    desc = data[offset:offset + desc_size].rstrip(b"\0")
    offset += (desc_size + 3) & ~3
    if name != b"FDO" or kind != 0x407c0c0a:
        sys.exit("a note that is not FDO's dlopen note: %r, %#x" % (name, kind))
    for entry in json.loads(desc):
        for key in ("feature", "description", "priority", "soname"):
            if key not in entry:
                sys.exit("entry without %s: %r" % (key, entry))
        if entry["priority"] not in ("required", "recommended", "suggested"):
            sys.exit("unknown priority %r" % entry["priority"])
        found += entry["soname"]

print("sonames in .note.dlopen:", found)
if soname not in found:
    sys.exit("%s is not named" % soname)
