#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Checks that the built scenectl(1) documents the built scenectl.

Usage: check-scenectl-man.py SCENECTL MAN_PAGE

It asks the program itself (``scenectl --help`` and ``scenectl COMMAND
--help``) for its commands and options, so that a new option cannot ship
undocumented, and reads the man page as rst2man wrote it (troff), not the
rst: what is checked is what ``man scenectl`` shows.

Each command must have a subsection of COMMANDS whose title starts with its
name, and each of its options, long and short, must be named there. An
option that scenectl also takes before the command (-h, -j...) may be named
in OPTIONS instead, where the man page says every command accepts it.
"""

import os
import re
import subprocess
import sys


def run_help(scenectl, *args):
    # The untranslated help: the man page is written in English.
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="")
    env.pop("SCENED_LOCALEDIR", None)
    result = subprocess.run(
        [scenectl, *args, "--help"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"{' '.join(['scenectl', *args, '--help'])} exited {result.returncode}:\n"
                 + result.stdout)
    return result.stdout


# "  -n, --name=NAME   A label..." or "  --hwaccel=MODE   ...": GOption's
# layout, two spaces in, short option first when there is one.
OPTION_LINE = re.compile(r"^\s{2}(?:-(?P<short>\w), )?(?P<long>--[\w-]+)")


def options_of(help_text):
    options = []
    for line in help_text.splitlines():
        match = OPTION_LINE.match(line)
        if match:
            if match.group("short"):
                options.append("-" + match.group("short"))
            options.append(match.group("long"))
    return options


def commands_of(help_text):
    commands = []
    in_commands = False
    for line in help_text.splitlines():
        if line.startswith("Commands:"):
            in_commands = True
        elif in_commands:
            match = re.match(r"^\s{2}([a-z][\w-]*)\s{2,}", line)
            if match:
                commands.append(match.group(1))
            elif line.strip():
                break
    return commands


def troff_to_text(troff):
    """The words of a man page, without troff's escapes."""
    text = troff.replace("\\-", "-")
    text = re.sub(r"\\f(?:\[[^\]]*\]|\(..|.)", "", text)  # font changes
    text = text.replace("\\(aq", "'").replace("\\(ga", "`")
    text = re.sub(r"\\\(..", " ", text)  # other special characters
    text = text.replace("\\&", "").replace("\\e", "\\").replace("\\ ", " ")
    return text


def sections_of(man_text):
    """{('SH', title) or ('SS', title): body} of the page."""
    sections = {}
    key = ("", "")
    body = []
    for line in man_text.splitlines():
        match = re.match(r'^\.(SH|SS)\s+"?(.*?)"?\s*$', line)
        if match:
            sections[key] = "\n".join(body)
            key = (match.group(1), match.group(2))
            body = []
        else:
            body.append(line)
    sections[key] = "\n".join(body)
    return sections


def names_option(text, option):
    # --name must not be found in --name-foo, nor -n in --n...
    return re.search(r"(?<![\w-])" + re.escape(option) + r"(?![\w-])", text) is not None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    scenectl, man_page = sys.argv[1], sys.argv[2]

    with open(man_page, encoding="utf-8") as f:
        sections = sections_of(troff_to_text(f.read()))
    global_section = sections.get(("SH", "OPTIONS"), "")
    command_sections = {title.split()[0]: body for (kind, title), body in sections.items()
                        if kind == "SS" and title.strip()}

    top_help = run_help(scenectl)
    global_options = options_of(top_help)
    commands = commands_of(top_help)
    if not commands or not global_options:
        sys.exit("could not read the commands and options of scenectl --help:\n" + top_help)

    missing = []
    for option in global_options:
        if not names_option(global_section, option):
            missing.append(f"scenectl {option} (in OPTIONS)")

    checked = len(global_options)
    for command in commands:
        options = options_of(run_help(scenectl, command))
        checked += len(options)
        body = command_sections.get(command)
        if body is None:
            missing.append(f"scenectl {command} (no subsection of COMMANDS named after it)")
            continue
        for option in options:
            if names_option(body, option):
                continue
            if option in global_options and names_option(global_section, option):
                continue
            missing.append(f"scenectl {command} {option}")

    if missing:
        print(f"{man_page} does not document:")
        for item in missing:
            print("  " + item)
        return 1

    print(f"{man_page}: all {len(commands)} commands and their {checked} options (counted per command) documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
