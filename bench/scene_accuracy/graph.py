# SPDX-License-Identifier: LGPL-2.1-or-later
"""Clip generation: one ffmpeg filter_complex per clip, built shot by shot
so that every label is known exactly, in frames, before anything is
encoded. The graph, its shots and the variant draws."""

import os
import random

from .common import FONT, FONT_MONO


class Shot:
    """A stream of exactly n frames in the graph, with its nuisance events
    as [first, last, kind] in frames from its own start."""

    def __init__(self, label, n, nuisances=()):
        self.label = label
        self.n = n
        self.nuisances = [list(e) for e in nuisances]


class Graph:
    """A filter_complex under construction for one clip of W x H at F fps.
    Every stream is normalised to time base 1/F with pts = frame number,
    which is what concat and xfade need and what keeps cuts on exact
    frames."""

    def __init__(self, width, height, fps, textdir, variant=None):
        self.W, self.H, self.F = width, height, fps
        self.v = variant or Variant()
        self.k = height / 720  # UI and text scale: 720p is 1
        self.textdir = textdir
        self.chains = []
        self.count = 0
        self.norm = "settb=1/%d,setpts=N" % fps

    def f(self, seconds):
        """Seconds to frames at this clip's rate."""
        return int(round(seconds * self.F))

    def px(self, v):
        return int(round(v * self.k))

    def add(self, text, *inputs):
        self.count += 1
        out = "v%d" % self.count
        self.chains.append("".join("[%s]" % i for i in inputs) + text + "[%s]" % out)
        return out

    def text(self, text, x, y, size, color, mono=False, spacing=0):
        """A drawtext filter reading TEXT from a file: no escaping to get wrong."""
        self.count += 1
        path = os.path.join(self.textdir, "t%d.txt" % self.count)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return ("drawtext=fontfile=%s:textfile=%s:expansion=none:fontsize=%d:fontcolor=%s"
                ":x=%s:y=%s:line_spacing=%d"
                % (FONT_MONO if mono else FONT, path, size, color, x, y, spacing))

    def still(self, filters, n, bg="black", size=None):
        """One frame drawn with FILTERS on a plain background, shown for n frames."""
        w, h = size or (self.W, self.H)
        chain = "color=c=%s:s=%dx%d:r=%d,trim=end_frame=1" % (bg, w, h, self.F)
        if filters:
            chain += "," + ",".join(filters)
        return chain + ",loop=loop=%d:size=1:start=0,%s" % (n - 1, self.norm)

    def graph(self):
        return ";\n".join(self.chains)


class Variant:
    """What makes clip set N (--variant) differ from set 0, the set the
    detector was tuned on. For set 0 every method gives back what it is
    given and nothing is drawn from the generator, so those clips stay the
    same, byte for byte. For N >= 1 every choice is drawn from a generator
    seeded with N and the clip's name, and the builders make the clip from
    the changed values as they make set 0, so the labels stay exact."""

    def __init__(self, n=0, name=""):
        self.n = n
        self.rng = random.Random("scene-accuracy variant %d %s" % (n, name))

    def seed(self, seed):
        """Seeds of sources, drifts, pages and noise: offset by N."""
        return seed + self.n

    def coin(self):
        return bool(self.n) and self.rng.random() < 0.5

    def step(self, value, spread, unit=0.1, lo=None, hi=None):
        """VALUE moved by a whole number of UNITs, at most SPREAD either
        way, then kept within [LO, HI]."""
        if not self.n:
            return value
        k = int(round(spread / unit))
        value = round(value + self.rng.randint(-k, k) * unit, 3)
        if lo is not None:
            value = max(lo, value)
        if hi is not None:
            value = min(hi, value)
        return value

    def order(self, items, apart=lambda a, b: True):
        """ITEMS in a new order in which every two neighbours are APART."""
        items = list(items)
        if not self.n:
            return items
        for _ in range(1000):
            self.rng.shuffle(items)
            if all(apart(a, b) for a, b in zip(items, items[1:])):
                return items
        raise ValueError("variant %d: no order of %s keeps neighbours apart" % (self.n, items))

    def lengths(self, lengths, spread=0.3, minimum=1.0):
        """Shot LENGTHS (s) with every cut between them moved by up to
        SPREAD, in tenths, none shorter than MINIMUM (one number, or one per
        shot); the last end stays where it was."""
        lengths = list(lengths)
        if not self.n:
            return lengths
        minima = list(minimum) if isinstance(minimum, (list, tuple)) else [minimum] * len(lengths)
        ends = [round(sum(lengths[:i + 1]), 3) for i in range(len(lengths))]
        for _ in range(1000):
            moved = [self.step(e, spread) for e in ends[:-1]] + ends[-1:]
            out = [round(b - a, 3) for a, b in zip([0] + moved, moved)]
            if all(length >= m - 1e-9 for length, m in zip(out, minima)):
                return out
        raise ValueError("variant %d: no lengths near %s are at least %s"
                         % (self.n, lengths, minima))

    def place(self, g, seconds, spans):
        """Moves the events of a shot SECONDS long: SPANS is [(at, frames)],
        each event's start in seconds and how many frames its last frame
        comes after its first. All move by up to 0.2 s together and 0.1 s
        each, none starts less than 1 s into the shot, and the shot grows
        where an event would end less than 1 s before its end, so that the
        events keep 1 s from the cuts wherever the shot ends up.
        Returns (the new starts, the shot's new length)."""
        ats = [at for at, _ in spans]
        if not self.n or not spans:
            return ats, seconds
        common = self.step(0, 0.2)
        ats = [self.step(at + common, 0.1) for at in ats]
        early = 1.0 - min(ats)
        if early > 0:
            ats = [round(at + early, 3) for at in ats]
        need = max(g.f(at) + frames for at, (_, frames) in zip(ats, spans)) + g.F
        if g.f(seconds) < need:
            seconds = need / g.F
        return ats, seconds


def box(x, y, w, h, color):
    return "drawbox=x=%d:y=%d:w=%d:h=%d:color=%s:t=fill" % (x, y, w, h, color)


def even(v):
    return max(2, int(v) // 2 * 2)
