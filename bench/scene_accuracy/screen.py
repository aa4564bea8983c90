# SPDX-License-Identifier: LGPL-2.1-or-later
"""Screen recordings: desktops, slides, terminals, pages and code, typed,
scrolled and switched."""

import math
import random

from .common import MONO_ADVANCE
from .graph import Shot, box, even


# --- screen recordings ----------------------------------------------------

WORDS = ("session frame scene cut audio chunk index timeline decoder service client "
         "record stream segment latency window signal manifest proxy threshold score "
         "bus object method property state render buffer queue thread worker sample "
         "offset marker export import review release build test report summary detail "
         "the a of and to in for with on by from as is are was be this that it").split()


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def paragraph_lines(rng, lines, chars):
    out = []
    for _ in range(lines):
        line = ""
        while len(line) < chars - 8:
            line += rng.choice(WORDS) + " "
        out.append(line.strip())
    return out


SLIDES = (
    ("Where the time goes", ["Decoding takes most of every run",
                             "Scene scoring works on a small grey frame",
                             "Writing JPEGs happens beside the decoder",
                             "Audio chunks are cut as they fill"]),
    ("What changed this quarter", ["Sessions outlive a dropped connection",
                                   "Recordings go into MPEG-TS segments",
                                   "One timeline across reconnects"]),
    ("Open questions", ["How long should a scene be at least?",
                        "Which score do slide decks need?",
                        "Can proxies be made while recording?",
                        "Who owns the frame index format?",
                        "What do we promise about latency?"]),
    ("Numbers", ["Median latency 180 ms on a laptop",
                 "Peak memory under 100 MB",
                 "Zero dropped chunks in 40 hours of tests"]),
    ("Next steps", ["Hardware decoding on NVIDIA",
                    "A proxy for scrubbing long sessions",
                    "Packaging for two distributions",
                    "A written API stability policy"]),
    ("Thank you", ["Questions and ideas are welcome",
                   "The design notes are in the wiki",
                   "Try it: tools/demo"]),
)

TERMINALS = (
    [("$ ", "git log --oneline -5"),
     "3f9c2a1 Frame index written beside the JPEGs",
     "b71e0d4 Reconnects keep one timeline",
     "0c5a9e2 Audio chunks stay gapless across segments",
     "91d4f7b Tests for the recorder's segment names",
     "e2a8c03 Initial import",
     ("$ ", "ls -l build/service"),
     "total 2184",
     "-rwxr-xr-x 1 alex alex 1901344 Nov 21 09:12 scened",
     "drwxr-xr-x 2 alex alex    4096 Nov 21 09:12 scened.p",
     ("$ ", "")],
    [("$ ", "ninja -C build"),
     "ninja: Entering directory 'build'",
     "[1/14] Compiling C object service/scd-session.c.o",
     "[2/14] Compiling C object service/scd-pipeline.c.o",
     "[3/14] Compiling C object service/scd-scene-score.c.o",
     "[14/14] Linking target service/scened",
     ("$ ", "meson test -C build --suite unit"),
     " 1/12 unit / scene-decision        OK    0.02s",
     " 2/12 unit / timeline              OK    0.03s",
     " 3/12 unit / wav-writer            OK    0.05s",
     ("$ ", "")],
    [("$ ", "df -h /srv/recordings"),
     "Filesystem      Size  Used Avail Use% Mounted on",
     "/dev/nvme0n1p3  916G  412G  458G  48% /srv",
     ("$ ", "du -sh /srv/recordings/*"),
     "18G   /srv/recordings/2026-10",
     "23G   /srv/recordings/2026-11",
     ("$ ", "uptime"),
     " 14:05:11 up 12 days,  3:41,  2 users,  load average: 0.41, 0.38, 0.30",
     ("$ ", "")],
)

CODE = (
    "import json",
    "import os",
    "",
    "",
    "def load_index(path):",
    "    # One frame entry per line, in order.",
    "    with open(path) as f:",
    "        return [json.loads(line) for line in f]",
    "",
    "",
    "def scenes_between(index, start, end):",
    "    out = []",
    "    for entry in index:",
    "        if start <= entry['timestamp'] < end:",
    "            out.append(entry)",
    "    return out",
    "",
    "",
    "class Report:",
    "    def __init__(self, session):",
    "        self.session = session",
    "        self.rows = []",
    "",
    "    def add(self, entry):",
    "        # Keep only what the summary prints.",
    "        self.rows.append((entry['id'], entry['score']))",
    "",
    "    def write(self, out):",
    "        for frame_id, score in self.rows:",
    "            out.write('%s %.2f\\n' % (frame_id, score))",
)

SITES = (
    ("Field notes", "notes.example.org/2026/scene-detection", "0x2e7d32",
     "Finding cuts in screen recordings"),
    ("Docs", "docs.example.org/scened/api/session", "0x37474f", "Session API reference"),
    ("Weather", "weather.example.org/berlin", "0x1565c0", "Berlin: cloudy, 9 degrees"),
    ("Shop", "shop.example.org/cameras/compact", "0xad1457", "Compact cameras"),
)


class Desk:
    """Draws a desktop, its windows and slides for one clip's frame size."""

    def __init__(self, g):
        self.g = g
        self.k = g.k
        self.px = g.px
        self.win = (self.px(40), self.px(52), g.W - self.px(80), g.H - self.px(84))

    def panel(self):
        g, px = self.g, self.px
        return [box(0, 0, g.W, px(28), "0x1d1f21"),
                g.text("Activities", px(14), px(6), px(14), "0xe0e0e0"),
                g.text("Thu 21 Nov  14:05", "(w-tw)/2", px(6), px(14), "0xe0e0e0"),
                g.text("EN   100%", "w-tw-%d" % px(16), px(6), px(14), "0xe0e0e0")]

    def window(self, title, bar, fg, bg):
        g, px = self.g, self.px
        x, y, w, h = self.win
        bh = px(34)
        filters = [box(x - 1, y - 1, w + 2, h + 2, "0x101010"), box(x, y, w, bh, bar),
                   box(x, y + bh, w, h - bh, bg),
                   g.text(title, "%d+(%d-tw)/2" % (x, w), y + px(9), px(15), fg)]
        for i in range(3):
            filters.append(box(x + w - px(24) * (i + 1), y + px(11), px(12), px(12),
                               ("0xe06c60", "0xe6c05a", "0x6cc070")[i]))
        return filters, (x, y + bh, w, h - bh)

    # Each of these returns (filters, info) for a still of a whole screen.

    def terminal(self, variant, typed=None):
        """A dark terminal. TYPED: text of a command to type on the last
        prompt; info gives where it goes."""
        g, px = self.g, self.px
        filters, (cx, cy, cw, ch) = self.window("alex@studio: ~/scened", "0x2b2d30",
                                                "0xcfcfcf", "0x1e1f22")
        size = px(16)
        pitch = int(size * 1.5)
        adv = size * MONO_ADVANCE
        x0, y = cx + px(14), cy + px(12)
        info = None
        lines = TERMINALS[variant % len(TERMINALS)]
        for line in lines:
            if isinstance(line, tuple):
                prompt, cmd = line
                filters.append(g.text(prompt, x0, y, size, "0x8ae234", mono=True))
                if line is lines[-1] and typed:
                    cmd = typed
                    info = (x0 + adv * len(prompt), y, size, adv, len(typed), "0x1e1f22",
                            "0xd0d0d0")
                if cmd:
                    filters.append(g.text(cmd, int(x0 + adv * len(prompt)), y, size,
                                          "0xd3d7cf", mono=True))
            else:
                filters.append(g.text(line, x0, y, size, "0xb8bcb5", mono=True))
            y += pitch
        return self.panel() + filters, info

    def editor_page(self, ox, oy, first, lines, typed_at=None, typed=None):
        """Filters for editor text (gutter and code) with its top-left
        corner at (ox, oy); code line numbers from FIRST. Returns the
        filters and, with TYPED, where the typed line goes."""
        g, px = self.g, self.px
        size = px(15)
        pitch = int(size * 1.55)
        adv = size * MONO_ADVANCE
        gutter = px(56)
        filters = [box(ox, oy, gutter, pitch * lines + px(20), "0xf3f3f3")]
        info = None
        x, y = ox + gutter + px(12), oy + px(10)
        for i in range(lines):
            filters.append(g.text("%4d" % (first + i), ox + px(6), y, size, "0x9a9a9a",
                                  mono=True))
            line = CODE[(first - 1 + i) % len(CODE)]
            if i == typed_at:
                line = typed
                info = (x, y, size, adv, len(typed), "0xffffff", "0x202020")
            if line.strip():
                if line.strip().startswith("#"):
                    color = "0x3c8a3c"
                elif line.startswith(("def ", "class ", "import ")):
                    color = "0x0b48a8"
                else:
                    color = "0x24292e"
                filters.append(g.text(line, x, y, size, color, mono=True))
            y += pitch
        return filters, info

    def editor_lines(self, height):
        return height // int(self.px(15) * 1.55) - 1

    def editor(self, first=1, typed=None, page=False):
        """A light code editor, its 14th line typed when TYPED is given.
        With PAGE, the text area is left empty and its rectangle returned,
        for a scrolling page overlaid on it."""
        g, px = self.g, self.px
        filters, (cx, cy, cw, ch) = self.window("report.py - Editor", "0xe4e4e4", "0x303030",
                                                "0xffffff")
        tab = px(30)
        filters += [box(cx, cy, cw, tab, "0xececec"), box(cx, cy, px(160), tab, "0xffffff"),
                    g.text("report.py", cx + px(14), cy + px(8), px(13), "0x303030"),
                    g.text("index.py", cx + px(174), cy + px(8), px(13), "0x808080")]
        area = (cx, cy + tab, cw, ch - tab)
        if page:
            return self.panel() + filters, area
        text, info = self.editor_page(area[0], area[1], first, self.editor_lines(area[3]),
                                      typed_at=None if typed is None else 13, typed=typed)
        return self.panel() + filters + text, info

    def browser_chrome(self, active, tabs=4):
        g, px = self.g, self.px
        x, y, w, h = self.win
        bar, row = px(40), px(42)
        filters = [box(x - 1, y - 1, w + 2, h + 2, "0x101010"), box(x, y, w, bar, "0xdee1e6"),
                   box(x, y + bar, w, row, "0xffffff"),
                   box(x + px(110), y + bar + px(8), w - px(220), px(26), "0xf1f3f4"),
                   g.text("<   >   C", x + px(16), y + bar + px(12), px(15), "0x5f6368"),
                   box(x, y + bar + row - 1, w, 1, "0xd0d0d0")]
        tw = px(190)
        for i in range(tabs):
            name = SITES[i % len(SITES)][0]
            tx = x + px(8) + i * (tw + px(4))
            if i == active:
                filters.append(box(tx, y + px(6), tw, bar - px(6), "0xffffff"))
            filters.append(g.text(name, tx + px(14), y + px(16), px(13),
                                  "0x202124" if i == active else "0x5f6368"))
        filters.append(g.text("https://" + SITES[active % len(SITES)][1], x + px(124),
                              y + bar + px(13), px(14), "0x202124"))
        for i in range(3):
            filters.append(box(x + w - px(24) * (i + 1), y + px(14), px(12), px(12), "0x9aa0a6"))
        return filters, (x, y + bar + row, w, h - bar - row)

    def web_page(self, site, ox, oy, width, height, seed):
        """Filters for a web page of WIDTH x HEIGHT at (ox, oy): a site
        header, a heading, then paragraphs and pictures down to HEIGHT."""
        g, px = self.g, self.px
        name, _, color, heading = SITES[site % len(SITES)]
        rng = random.Random(seed)
        filters = [box(ox, oy, width, px(56), color),
                   g.text(name, ox + px(32), oy + px(15), px(24), "0xffffff"),
                   g.text("Home    Topics    About", "%d-tw" % (ox + width - px(32)),
                          oy + px(20), px(15), "0xf0f0f0"),
                   g.text(heading, ox + px(32), oy + px(80), px(30), "0x202124")]
        y = px(135)
        col = width - px(64)
        chars = int(col / (px(16) * 0.55))
        while True:
            if rng.random() < 0.3:
                bw, bh = col // 2, px(150)
                if y + bh > height - px(10):
                    break
                filters.append(box(ox + px(32), oy + y, bw, bh, "0x%02x%02x%02x" % (
                    rng.randint(60, 200), rng.randint(60, 200), rng.randint(60, 200))))
                filters.append(g.text(sentence(rng, 6), ox + px(48) + bw, oy + y + px(8),
                                      px(15), "0x5f6368"))
                y += bh + px(24)
            else:
                lines = rng.randint(3, 6)
                tall = lines * (int(px(16) * 1.17) + px(10))
                if y + tall > height - px(10):
                    break
                filters.append(g.text("\n".join(paragraph_lines(rng, lines, chars)),
                                      ox + px(32), oy + y, px(16), "0x3c4043", spacing=px(10)))
                y += tall + px(22)
        return filters

    def browser(self, active, seed=1, page=False):
        """A browser window on tab ACTIVE (of four, one site each). With
        PAGE, the page area is left empty and its rectangle returned."""
        chrome, area = self.browser_chrome(active)
        filters = self.panel() + chrome
        if page:
            return filters, area
        x, y, w, h = area
        filters.append(box(x, y, w, h, "0xffffff"))
        return filters + self.web_page(active, x, y, w, h, seed), None

    def slide(self, index):
        g, px = self.g, self.px
        title, bullets = SLIDES[index % len(SLIDES)]
        # One template: background, header band, footer; only the title and
        # the bullets change from slide to slide.
        filters = [box(0, 0, g.W, g.H, "0xfbfbf8"), box(0, 0, g.W, px(118), "0x1f4e79"),
                   box(0, px(118), g.W, px(6), "0xf2a900"),
                   g.text(title, px(64), px(38), px(42), "0xffffff"),
                   box(0, g.H - px(46), g.W, px(46), "0xe9ecef"),
                   g.text("Platform team  -  Quarterly review", px(64), g.H - px(32), px(16),
                          "0x5a6570"),
                   box(g.W - px(120), g.H - px(38), px(64), px(30), "0x1f4e79")]
        y = px(180)
        for line in bullets:
            filters.append(g.text("\u2022  " + line, px(80), y, px(30), "0x2b2b2b"))
            y += px(66)
        return filters, None


def screen_shot(g, seconds, screen, events=()):
    """A screen recording shot: SCREEN is (filters, info) from Desk; EVENTS
    (see screen_event)."""
    filters, info = screen
    n = g.f(seconds)
    label = g.add(g.still(filters, n, bg="0x34495e") + ",format=yuv420p,setsar=1")
    shot = Shot(label, n)
    for event in events:
        shot = screen_event(g, shot, info, *event)
    return shot


def screen_event(g, shot, info, kind, *args):
    """("type", at, chars_per_second): the line that INFO (from Desk)
    locates appears a character at a time, with a blinking caret;
    ("pointer", (x, y), [(at, seconds, to_x, to_y), ...]): a pointer at
    (x, y) moves along these legs, in 720p units;
    ("popup", at, seconds or None, "dropdown"|"menu"|"dialog"|"cell",
    (x, y, w, h)): a box of UI opens over the window at AT and closes
    SECONDS later (None: it stays, as a notebook cell's output does);
    ("clock", [at, ...], (x, y)): a clock in the panel ticks over at each AT;
    ("build", [at, ...]): a slide builds up, a bullet more at each AT (below
    any slide's own, at most two)."""
    px = g.px
    if kind == "type":
        at, cps = args
        x, y, size, adv, chars, bg, fg = info
        a = g.f(at)
        per = g.F / cps  # frames per character
        frames = int(math.ceil(chars * per))
        cover = g.add("color=c=%s:s=%dx%d:r=%d,trim=end_frame=%d,%s"
                      % (bg, int(adv * chars) + px(8), int(size * 1.35), g.F, shot.n, g.norm))
        caret = g.add("color=c=%s:s=%dx%d:r=%d,trim=end_frame=%d,%s"
                      % (fg, max(2, px(2)), int(size * 1.25), g.F, shot.n, g.norm))
        pos = "%.2f+%.4f*clip(floor((n-%d)/%.4f)+1,0,%d)" % (x, adv, a, per, chars)
        label = g.add("overlay=x='%s':y=%d" % (pos, y - int(size * 0.1)), shot.label, cover)
        label = g.add("overlay=x='%s':y=%d:enable='lt(mod(n,%d),%d)',format=yuv420p"
                      % (pos, y - int(size * 0.05), g.F, max(1, g.F // 2)), label, caret)
        return Shot(label, shot.n, shot.nuisances + [[a, a + frames, "typing"]])
    if kind == "pointer":
        (start_x, start_y), path = args
        pw, ph = px(14), px(22)
        ptr = g.add("color=c=white:s=%dx%d:r=%d,trim=end_frame=%d,%s,"
                    "drawbox=x=0:y=0:w=iw:h=ih:color=black:t=%d"
                    % (pw, ph, g.F, shot.n, g.norm, max(2, px(2))))
        xs, ys, nuisances = [str(px(start_x))], [str(px(start_y))], []
        px_prev, py_prev = start_x, start_y
        for at, seconds, to_x, to_y in path:
            a, frames = g.f(at), max(1, g.f(seconds))
            p = "clip((n-%d)/%d,0,1)" % (a, frames)
            xs.append("%d*%s" % (px(to_x - px_prev), p))
            ys.append("%d*%s-%d*sin(PI*%s)" % (px(to_y - py_prev), p, px(60), p))
            px_prev, py_prev = to_x, to_y
            nuisances.append([a, a + frames, "pointer"])
        label = g.add("overlay=x='%s':y='%s',format=yuv420p" % ("+".join(xs), "+".join(ys)),
                      shot.label, ptr)
        return Shot(label, shot.n, shot.nuisances + nuisances)
    if kind == "popup":
        at, seconds, what, (x, y, w, h) = args
        a = g.f(at)
        # None: it stays (a notebook cell's output); else it goes again.
        b = shot.n - 1 if seconds is None else a + max(1, g.f(seconds)) - 1
        x, y, w, h = px(x), px(y), px(w), px(h)
        on = ":enable='between(n,%d,%d)'" % (a, b)
        parts = [box(x + px(4), y + px(4), w, h, "black@0.35") + on,
                 box(x, y, w, h, "0xf7f7f7") + on,
                 "drawbox=x=%d:y=%d:w=%d:h=%d:color=0x8a8a8a:t=%d%s"
                 % (x, y, w, h, max(1, px(1)), on)]
        if what == "dialog":
            parts.append(box(x, y, w, px(30), "0x3d6db5") + on)
            parts += [box(x + w - px(190) + i * px(95), y + h - px(44), px(80), px(28),
                          "0xdddddd") + on for i in range(2)]
            rows = range(px(50), h - px(60), px(26))
        else:
            rows = range(px(10), h - px(16), px(26))
        for i, r in enumerate(rows):
            width = int((w - px(30)) * (0.45 + 0.5 * ((i * 37) % 11) / 10))
            parts.append(box(x + px(12), y + r + px(6), width, px(10), "0x9a9a9a") + on)
        if what == "menu":
            parts.append(box(x + px(2), y + px(36), w - px(4), px(26), "0x3d6db5@0.35") + on)
        label = g.add(",".join(parts) + ",format=yuv420p", shot.label)
        events = [[a, a, "popup-" + what]]
        if seconds is not None:
            events.append([b + 1, b + 1, "popup-" + what])
        return Shot(label, shot.n, shot.nuisances + events)
    if kind == "build":
        added = ("Next: ship the settled frames", "Then: ask the users again")
        parts = [g.text("\u2022  " + added[i], "%d" % px(80), "%d" % (px(510) + i * px(66)),
                        px(30), "0x2b2b2b") + ":enable='gte(n,%d)'" % g.f(at)
                 for i, at in enumerate(args[0][:len(added)])]
        label = g.add(",".join(parts) + ",format=yuv420p", shot.label)
        return Shot(label, shot.n, shot.nuisances + [[g.f(at), g.f(at), "build-step"]
                                                     for at in args[0][:len(added)]])
    if kind == "clock":
        ticks, (x, y) = args
        starts = [0] + [g.f(t) for t in ticks]
        parts = [box(px(x) - px(6), px(y) - px(4), px(118), px(30), "0x22313f")]
        for i, (a, b) in enumerate(zip(starts, starts[1:] + [shot.n])):
            parts.append(g.text("10:41:%02d" % (7 + i), "%d" % px(x), "%d" % px(y), px(20),
                                "white", mono=True) + ":enable='between(n,%d,%d)'" % (a, b - 1))
        label = g.add(",".join(parts) + ",format=yuv420p", shot.label)
        return Shot(label, shot.n, shot.nuisances + [[f, f, "clock"] for f in starts[1:]])
    raise ValueError(kind)


def scrolling_shot(g, seconds, what, scrolls, seed=1, tab=1, first=1):
    """A browser (on TAB, its page from SEED) or an editor (from line
    FIRST) whose page scrolls. SCROLLS: ("smooth", at, seconds,
    px_per_frame at 720p) or ("wheel", at, px at 720p)."""
    desk = Desk(g)
    n = g.f(seconds)
    if what == "browser":
        chrome, area = desk.browser(tab, page=True)
    else:
        chrome, area = desk.editor(page=True)
    x, y, w, h = area
    total = 0
    terms, nuisances = [], []
    for s in scrolls:
        if s[0] == "smooth":
            _, at, secs, speed = s
            a, frames = g.f(at), g.f(secs)
            v = speed * g.k
            terms.append("%.2f*clip(n-%d,0,%d)" % (v, a - 1, frames))
            total += v * frames
            nuisances.append([a, a + frames - 1, "smooth-scroll"])
        else:
            _, at, step = s
            a, step = g.f(at), g.px(step)
            terms.append("%d*gte(n,%d)" % (step, a))
            total += step
            nuisances.append([a, a, "wheel-scroll"])
    page_h = even(h + total + g.px(40))
    if what == "browser":
        page = desk.web_page(tab, 0, 0, w, page_h, seed)
    else:
        page, _ = desk.editor_page(0, 0, first, desk.editor_lines(page_h))
    page_label = g.add(g.still(page, n, bg="white", size=(w, page_h))
                       + ",crop=%d:%d:x=0:y='%s'" % (w, h, "+".join(terms) or "0"))
    base = g.add(g.still(chrome, n, bg="0x34495e"))
    label = g.add("overlay=x=%d:y=%d,format=yuv420p,setsar=1" % (x, y), base, page_label)
    return Shot(label, n, nuisances)
