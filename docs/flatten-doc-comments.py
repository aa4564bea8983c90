#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Rewrites the doc comments of an introspection file for gdbus-codegen.

Usage: flatten-doc-comments.py IN.xml OUT.xml

The comments in introspection/ are gtk-doc style: "@name: text" whose text
runs on over indented lines until a blank line. GLib's codegen (2.74) reads
only the first line of each as the argument's text and puts the rest in the
method's description, and its rst writer never shows the out arguments. So
for the API reference, and only there (the files in introspection/ stay as
people read them), each argument's text is joined into one line, and each
out argument of a method becomes a last paragraph of the description,
"Returns @name: text". Nothing else in the file changes.
"""

import re
import sys

COMMENT = re.compile(r"<!--(.*?)-->", re.S)
NEXT_TAG = re.compile(r"\s*<(\w+)\b[^>]*?(/?)>")
ARG = re.compile(r"<arg\b[^>]*>")
PARAM = re.compile(r"@([\w-]+):\s*(.*)")


def out_args_of_next_method(xml, pos):
    """The out arguments of the method that follows the comment ending at pos."""
    tag = NEXT_TAG.match(xml, pos)
    if tag is None or tag.group(1) != "method" or tag.group(2) == "/":
        return set()
    end = xml.find("</method>", tag.end())
    outs = set()
    for arg in ARG.findall(xml, tag.end(), end):
        name = re.search(r'\bname="([^"]*)"', arg)
        if name and re.search(r'\bdirection="out"', arg):
            outs.add(name.group(1))
    return outs


def flatten(comment, outs):
    lines = comment.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return comment
    indent = re.match(r"\s*", lines[first]).group(0)

    # The parameters: the lines after the symbol, up to the first blank one.
    params = []
    i = first + 1
    while i < len(lines) and lines[i].strip():
        text = lines[i].strip()
        match = PARAM.match(text)
        if match:
            params.append([match.group(1), match.group(2)])
        elif params:
            params[-1][1] += " " + text
        else:
            break
        i += 1
    if not params:
        return comment

    body = lines[i:]
    # The comment's last line is the indentation before "-->": the
    # returns go before it, after the description.
    tail = []
    while body and not body[-1].strip():
        tail.insert(0, body.pop())
    returns = []
    for name, text in params:
        if name in outs:
            returns += ["", f"{indent}Returns @{name}: {text}"]

    kept = [f"{indent}@{name}: {text}" for name, text in params if name not in outs]
    return "\n".join(lines[: first + 1] + kept + body + returns + tail)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        xml = f.read()

    def replace(match):
        outs = out_args_of_next_method(xml, match.end())
        return "<!--" + flatten(match.group(1), outs) + "-->"

    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(COMMENT.sub(replace, xml))


if __name__ == "__main__":
    main()
