# SPDX-License-Identifier: LGPL-2.1-or-later
"""The labelled clips: shots put together into sequences with known cuts,
transitions and nuisances, the clip table (CLIPS), and making them (once,
cached)."""

import concurrent.futures
import json
import math
import os
import subprocess
import tempfile
import time

from .common import GENERATOR_VERSION, log
from .graph import Graph, Shot, Variant, box, even
from .film import film, film_chain, panorama
from .screen import CODE, Desk, SITES, SLIDES, TERMINALS, screen_event, screen_shot, scrolling_shot


# --- assembling a clip ----------------------------------------------------


class Sequence:
    """Shots joined by cuts, cross-fades and fades through black, with the
    labels (in frames of the whole clip) kept as it goes."""

    def __init__(self, g, first):
        self.g = g
        self.label = first.label
        self.n = first.n
        self.cuts, self.gradual = [], []
        self.cut_kinds, self.gradual_kinds = [], []
        self.nuisances = [list(e) for e in first.nuisances]

    @classmethod
    def cuts_between(cls, g, shots, names):
        """@shots joined by hard cuts, each cut's kind "name>name" of the
        shots on either side of it."""
        seq = cls(g, shots[0])
        for i, shot in enumerate(shots[1:]):
            seq.cut(shot, "%s>%s" % (names[i], names[i + 1]))
        return seq

    def _take(self, shot, start):
        self.nuisances += [[a + start, b + start, kind] for a, b, kind in shot.nuisances]

    def cut(self, shot, kind):
        self.label = self.g.add("concat=n=2:v=1:a=0,%s" % self.g.norm, self.label, shot.label)
        self.cuts.append(self.n)
        self.cut_kinds.append(kind)
        self._take(shot, self.n)
        self.n += shot.n
        return self

    def xfade(self, shot, transition, seconds):
        g = self.g
        d = g.f(seconds)
        self.label = g.add("xfade=transition=%s:duration=%.6f:offset=%.6f,%s"
                           % (transition, d / g.F, (self.n - d) / g.F, g.norm),
                           self.label, shot.label)
        # At the offset itself xfade still shows the first input alone.
        self.gradual.append([self.n - d + 1, self.n])
        self.gradual_kinds.append("%s %.1fs" % (transition, seconds))
        self._take(shot, self.n - d)
        self.n += shot.n - d
        return self

    def through_black(self, shot, out_s, black_s, in_s):
        g = self.g
        a, b, c = g.f(out_s), g.f(black_s), g.f(in_s)
        # Frames n-a+1 .. n-1 fade, the last one to black; the fade in
        # starts black and is done at its frame c.
        faded = g.add("fade=t=out:start_frame=%d:nb_frames=%d" % (self.n - a, a - 1), self.label)
        parts = [faded]
        if b:
            parts.append(g.add("color=c=black:s=%dx%d:r=%d,trim=end_frame=%d,%s,format=yuv420p"
                               % (g.W, g.H, g.F, b, g.norm)))
        parts.append(g.add("fade=t=in:start_frame=0:nb_frames=%d" % c, shot.label))
        self.label = g.add("concat=n=%d:v=1:a=0,%s" % (len(parts), g.norm), *parts)
        self.gradual.append([self.n - a + 1, self.n + b + c])
        self.gradual_kinds.append("through black %g+%g+%gs" % (out_s, black_s, in_s))
        self._take(shot, self.n + b)
        self.n += b + shot.n
        return self


# Each clip: name, category, fps, width, height, container, builder.
# Builders get the Graph and return a finished Sequence plus the filters
# (if any) applied over the whole clip. They take every value that a
# --variant changes through g.v (see Variant): for variant 0 they make
# exactly what the table says.

FAMILIES = {"mstill": "mandelbrot", "zoomfast": "mandelbrot", "spiral": "gradients"}


def apart(a, b):
    """Film kinds that may follow each other: not two of one family (the
    two Mandelbrot sets, the two gradients)."""
    return FAMILIES.get(a, a) != FAMILIES.get(b, b)


def hard_cut(kinds, minimum=1.0):
    """kinds: (film kind, seconds); shots may be as short as MINIMUM."""
    def build(g):
        v = g.v
        names = v.order([kind for kind, _ in kinds], apart)
        lengths = v.lengths([seconds for _, seconds in kinds],
                            spread=min(0.3, minimum / 2), minimum=minimum)
        shots = [film(g, kind, seconds, seed=i + 1)
                 for i, (kind, seconds) in enumerate(zip(names, lengths))]
        seq = Sequence.cuts_between(g, shots, names)
        return seq, "noise=alls=6:allf=t:all_seed=%d" % v.seed(11)
    return build


def describe(variant):
    if variant is None:
        return "plain"
    if isinstance(variant, tuple):
        return "crop(%g,%g,%g,%g)" % variant
    return variant


def moderate_cut(kind, variants, big=1.0):
    """Shots of one continuous source (kind), each through a different
    variant: a colour filter, or a framing (crop of a big frame BIG times
    the clip size, x, y, w, h as fractions of it)."""
    def build(g):
        v = g.v
        looks = v.order([look for _, look in variants], lambda a, b: a != b)
        lengths = v.lengths([seconds for seconds, _ in variants], minimum=1.2)
        bw, bh = even(g.W * big), even(g.H * big)
        shots, start = [], 0
        for seconds, variant in zip(lengths, looks):
            n = g.f(seconds)
            chain = film_chain(g, kind, n, start=start, seed=3, size=(bw, bh))
            if isinstance(variant, tuple):
                fx, fy, fw, fh = variant
                chain += ",crop=%d:%d:%d:%d" % (even(bw * fw), even(bh * fh), bw * fx, bh * fy)
            elif variant:
                chain += "," + variant
            chain += ",scale=%d:%d,format=yuv420p,setsar=1" % (g.W, g.H)
            shots.append(Shot(g.add(chain), n))
            start += n
        names = [describe(look) for look in looks]
        seq = Sequence.cuts_between(g, shots, names)
        return seq, "noise=alls=6:allf=t:all_seed=%d" % v.seed(12)
    return build


def vary_event(g, event):
    """A film nuisance event (see add_event) as a --variant changes it:
    another noise strength, sweep duration and direction."""
    v = g.v
    kind = event[0]
    if kind == "noise":
        _, at, frames, strength = event
        return (kind, at, frames, v.step(strength, 5, 5, 60, 90))
    if kind == "sweep":
        _, at, seconds, what, backwards = event
        return (kind, at, v.step(seconds, 0.1, 0.1, 0.3, 1.0), what, backwards != v.coin())
    return tuple(event)


def event_frames(g, event):
    """How many frames an event of add_event lasts."""
    return g.f(event[2]) if event[0] == "sweep" else event[2]


def film_events(shots):
    """shots: (kind, seconds, events) for a hard-negative film clip."""
    def build(g):
        v = g.v
        names = v.order([kind for kind, _, _ in shots], apart)
        lengths = v.lengths([seconds for _, seconds, _ in shots], minimum=1.0)
        made = []
        for i, ((_, _, events), kind, seconds) in enumerate(zip(shots, names, lengths)):
            events = [vary_event(g, e) for e in events]
            ats, seconds = v.place(g, seconds, [(e[1], event_frames(g, e) - 1) for e in events])
            events = [(e[0], at) + e[2:] for e, at in zip(events, ats)]
            made.append(film(g, kind, seconds, seed=i + 2, events=events))
        seq = Sequence.cuts_between(g, made, names)
        return seq, "noise=alls=6:allf=t:all_seed=%d" % v.seed(13)
    return build


SUBTITLES = ("I never said it would be easy.", "Where were you last night?",
             "The train leaves at six.", "Nobody saw it coming.", "Keep the door shut.",
             "We can still make it.", "That was not the plan.", "Listen to me.")


def overlay(shots, kind):
    """Film shots (kind, seconds) cut together, under something drawn over
    the whole clip that changes on its own, as broadcast and screen-share
    footage has: a burned-in seconds counter or frame timecode, subtitles,
    a lower third sliding in and out, a webcam inset, a turning logo. It
    covers 1-12 % of the picture and must never be a scene. Each of its
    changes (or, where it changes every frame, each stretch of it) is a
    nuisance, kept 1 s from the cuts; the overlay itself goes on across
    them."""
    def build(g):
        v = g.v
        names = v.order([k for k, _ in shots], apart)
        lengths = v.lengths([seconds for _, seconds in shots], minimum=2.5)
        made = [film(g, k, seconds, seed=i + 2) for i, (k, seconds)
                in enumerate(zip(names, lengths))]
        seq = Sequence.cuts_between(g, made, names)
        bounds = [0] + seq.cuts + [seq.n]
        # Stretches where the overlay may change: 1 s from every cut.
        quiet = [(a + (g.F if a else 0), b - (g.F if b < seq.n else 1))
                 for a, b in zip(bounds, bounds[1:])]
        post = ["noise=alls=6:allf=t:all_seed=%d" % v.seed(13)]
        step = g.f(v.step(0.9 if kind == "counter" else 1.8, 0.2, lo=0.6))
        changes = [f for a, b in quiet for f in range(a + step // 2, b + 1, step)]
        size = g.px(34)
        if kind in ("counter", "subtitles"):
            if kind == "counter":
                w, h = g.px(90), g.px(50)
                x, y = g.W - w - g.px(30), g.px(30)
            else:
                w, h = even(g.W * 0.6), g.px(56)
                x, y = (g.W - w) // 2, g.H - h - g.px(40)
            post.append(box(x, y, w, h, "black@0.6"))
            starts = [0] + changes
            for i, (a, b) in enumerate(zip(starts, starts[1:] + [seq.n])):
                text = ("%d" % (17 + i) if kind == "counter"
                        else SUBTITLES[(i + v.seed(0)) % len(SUBTITLES)])
                post.append(g.text(text, "%d" % (x + g.px(12)), "%d" % (y + g.px(10)), size,
                                   "white") + ":enable='between(n,%d,%d)'" % (a, b - 1))
            seq.nuisances += [[f, f, kind] for f in changes]
        elif kind == "timecode":
            post.append(box(g.px(24), g.px(24), g.px(200), g.px(48), "black"))
            post.append(g.text("%{frame_num}", "%d" % g.px(32), "%d" % g.px(32), size,
                               "yellow", mono=True).replace("expansion=none", "expansion=normal"))
            seq.nuisances += [[a, b, kind] for a, b in quiet]
        elif kind == "lower-third":
            w, h = even(g.W * 0.45), g.px(70)
            y = g.H - h - g.px(60)
            slide = g.f(0.3)
            for a, b in quiet:
                t_in = a + g.f(0.5)
                t_out = t_in + slide + g.f(v.step(1.5, 0.3))
                if t_out + slide > b:
                    continue
                # From off the left edge in, and back out.
                x = ("if(lt(n,%d),-w+(w+%d)*(n-%d)/%d,if(lt(n,%d),%d,%d-(w+%d)*(n-%d)/%d))"
                     % (t_in + slide, g.px(40), t_in, slide, t_out, g.px(40), g.px(40),
                        g.px(40), t_out, slide))
                bar = g.add("color=c=0x1f4e9c:s=%dx%d:r=%d,trim=end_frame=%d,%s"
                            % (w, h, g.F, seq.n, g.norm))
                seq.label = g.add("overlay=x='%s':y=%d:eval=frame:enable='between(n,%d,%d)',"
                                  "format=yuv420p" % (x, y, t_in, t_out + slide),
                                  seq.label, bar)
                seq.nuisances += [[t_in, t_in + slide, kind], [t_out, t_out + slide, kind]]
        elif kind in ("inset", "logo"):
            if kind == "inset":
                w, h = even(g.W / 5), even(g.H / 5)
                src = ("testsrc2=s=%dx%d:r=%d,trim=end_frame=%d,%s,drawbox=x=0:y=0:w=iw:h=ih"
                       ":color=white:t=%d" % (w, h, g.F, seq.n, g.norm, g.px(4)))
                x, y = g.W - w - g.px(24), g.H - h - g.px(24)
            else:
                w = h = even(g.px(80))
                src = ("color=c=0xe0a020:s=%dx%d:r=%d,trim=end_frame=%d,%s,"
                       "drawbox=x=%d:y=%d:w=%d:h=%d:color=0x202020:t=fill,"
                       "rotate=a=n*0.15:c=none:ow=%d:oh=%d,format=yuva420p"
                       % (w // 2, h // 2, g.F, seq.n, g.norm, w // 8, w // 8, w // 4, w // 4,
                          w, h))
                x, y = g.px(30), g.px(30)
            inset = g.add(src)
            seq.label = g.add("overlay=x=%d:y=%d,format=yuv420p" % (x, y), seq.label, inset)
            seq.nuisances += [[a, b, kind] for a, b in quiet]
        else:
            raise ValueError(kind)
        return seq, ",".join(post)
    return build


def motion(parts):
    """parts: ("film", kind, seconds) or ("pano", seconds, moves, zoom)."""
    def build(g):
        v = g.v
        parts_ = v.order(parts, lambda a, b: a[0] != b[0])
        kinds = iter(v.order([p[1] for p in parts_ if p[0] == "film"], apart))
        lengths = v.lengths([p[2] if p[0] == "film" else p[1] for p in parts_], minimum=1.0)
        made, names = [], []
        for i, (part, seconds) in enumerate(zip(parts_, lengths)):
            if part[0] == "film":
                names.append(next(kinds))
                made.append(film(g, names[-1], seconds, seed=i + 1))
                continue
            _, _, moves, zoom = part
            moves = [(at, frames, fraction * v.step(1.0, 0.1, 0.05), blurred)
                     for at, frames, fraction, blurred in moves]
            if zoom:
                zoom = (zoom[0], zoom[1], v.step(zoom[2], 0.2, 0.1, 2.0, 2.5))
            spans = [(at, frames - 1) for at, frames, _, _ in moves]
            if zoom:
                spans.append((zoom[0], g.f(zoom[1]) - 1))
            ats, seconds = v.place(g, seconds, spans)
            moves = [(at,) + m[1:] for at, m in zip(ats, moves)]
            if zoom:
                zoom = (ats[-1],) + zoom[1:]
            names.append("pano")
            made.append(panorama(g, g.f(seconds), seed=i + 5, moves=moves, zoom=zoom,
                                 mirror=v.coin()))
        seq = Sequence.cuts_between(g, made, names)
        return seq, "noise=alls=6:allf=t:all_seed=%d" % v.seed(14)
    return build


def vary_join(v, join):
    """A transition of gradual() as a --variant changes it: a dissolve or
    fade 0.1 s longer or shorter, within 0.3-1.5 s; a fade through black
    with its fade out and fade in shared out otherwise and its black gap
    (if any) 0.1 s longer or shorter, the whole within 1.5 s."""
    if not v.n:
        return join
    if join[0] == "xfade":
        return (join[0], join[1], v.step(join[2], 0.1, 0.1, 0.3, 1.5))
    _, out, gap, into = join
    shift = v.step(0, 0.1)
    if min(out + shift, into - shift) >= 0.3:
        out, into = round(out + shift, 3), round(into - shift, 3)
    if gap:
        gap = v.step(gap, 0.1, 0.1, 0.1, min(0.5, round(1.5 - out - into, 3)))
    return (join[0], out, gap, into)


def gradual(first, steps):
    """first: (kind, seconds); steps: (join, kind, seconds) with join
    ("xfade", transition, seconds) or ("black", out, gap, in)."""
    def build(g):
        v = g.v
        names = v.order([first[0]] + [kind for _, kind, _ in steps], apart)
        joins = [vary_join(v, join) for join, _, _ in steps]
        # Each shot keeps 0.8 s clear of the transitions at its two ends.
        ends = [j[2] if j[0] == "xfade" else j[1] for j in joins] + [0]
        starts = [0] + [j[2] if j[0] == "xfade" else j[3] for j in joins]
        lengths = v.lengths([first[1]] + [seconds for _, _, seconds in steps], spread=0.2,
                            minimum=[a + b + 0.8 for a, b in zip(starts, ends)])
        seq = Sequence(g, film(g, names[0], lengths[0], seed=1))
        for i, (join, kind, seconds) in enumerate(zip(joins, names[1:], lengths[1:])):
            shot = film(g, kind, seconds, seed=i + 2)
            if join[0] == "xfade":
                seq.xfade(shot, join[1], join[2])
            else:
                seq.through_black(shot, *join[1:])
        return seq, "noise=alls=6:allf=t:all_seed=%d" % v.seed(15)
    return build


def window_of(part):
    """The window a part of screens() shows: a scrolling browser or editor
    is a browser or an editor."""
    _, what, args, _ = part
    return args[0] if what == "scroll" else what


def screens_apart(a, b):
    """Screen parts that may follow each other: other windows, or other
    slides or tabs; never a window after the same window."""
    if window_of(a) != window_of(b):
        return True
    return a[1] == b[1] and a[1] in ("slide", "browser") and a[2][0] != b[2][0]


def screen_spans(g, what, args, events):
    """[(at, frames)] of a screen part's events (see Variant.place), in
    the order screen_moved takes the new starts back."""
    spans = []
    for event in events:
        if event[0] == "type":
            spans.append((event[1], int(math.ceil(len(args[1]) * (g.F / event[2])))))
        elif event[0] == "popup":
            spans.append((event[1], 0 if event[2] is None else g.f(event[2])))
        elif event[0] in ("clock", "build"):
            spans += [(at, 0) for at in event[1]]
        else:
            spans += [(at, max(1, g.f(seconds))) for at, seconds, _, _ in event[2]]
    if what == "scroll":
        spans += [(s[1], g.f(s[2]) - 1 if s[0] == "smooth" else 0) for s in args[1]]
    return spans


def screen_moved(what, args, events, ats):
    ats = iter(ats)
    moved = []
    for event in events:
        if event[0] in ("type", "popup"):
            moved.append((event[0], next(ats)) + tuple(event[2:]))
        elif event[0] in ("clock", "build"):
            moved.append((event[0], [next(ats) for _ in event[1]]) + tuple(event[2:]))
        else:
            moved.append((event[0], event[1], [(next(ats),) + tuple(leg[1:])
                                               for leg in event[2]]))
    if what == "scroll":
        args = (args[0], [(s[0], next(ats)) + tuple(s[2:]) for s in args[1]])
    return args, moved


def screen_returns(parts, starts):
    """[[first frame of a shot, first frame of the earlier shot showing the
    same screen]]: a slide, window or tab shown again, with a panel clock
    in the same place if any (a moved pointer, or a popup or the clock's
    next tick later in a shot, do not change what it opens with); a shot
    that types or scrolls changes its screen and is left out."""
    seen, returns = {}, []
    for i, (_, what, args, events) in enumerate(parts):
        if what == "scroll" or any(e[0] == "type" for e in events):
            continue
        key = (what, repr(args), repr(sorted(e[2] for e in events if e[0] == "clock")))
        if key in seen:
            returns.append([starts[i], starts[seen[key]]])
        else:
            seen[key] = i
    return returns


def screen_settles(g, events_of, starts, lengths):
    """[[first frame of a shot that builds up, first and last frame its
    settled frame may be]]: from settle-seconds (the service's default, 2
    s) after its last step to its end. EVENTS_OF: each shot's events, as
    placed."""
    settles = []
    for i, events in enumerate(events_of):
        steps = [at for e in events if e[0] == "build" for at in e[1]]
        if steps:
            settles.append([starts[i], starts[i] + g.f(max(steps) + 2.0),
                            starts[i] + lengths[i] - 1])
    return settles


def screens(parts):
    """parts: (seconds, what, args, events); what: slide (index), terminal
    (variant, typed), editor (first line, typed), browser (tab, seed),
    scroll (browser|editor, scrolls). A --variant shows other slides,
    terminals, tabs, pages and code lines, in another order, and types,
    points and scrolls at other speeds and steps within the same ranges."""
    def build(g):
        v = g.v
        desk = Desk(g)
        slides = v.order(range(len(SLIDES)))
        terminals = v.order(range(len(TERMINALS)))
        tabs = v.order(range(len(SITES)))
        # Code lines the editors start from: the scrolling one, then each part's.
        lines = [v.rng.randint(1, len(CODE)) if v.n else 1 for _ in range(len(parts) + 1)]

        def look(i, what, args):
            if not v.n:
                return args
            if what == "slide":
                return (slides[args[0] % len(SLIDES)],)
            if what == "terminal":
                return (terminals[args[0] % len(TERMINALS)],) + tuple(args[1:])
            if what == "editor":
                return (lines[i + 1],) + tuple(args[1:])
            if what == "browser":
                return (tabs[args[0] % len(SITES)], v.seed(args[1]))
            scrolls = [("smooth", s[1], v.step(s[2], 0.2, 0.1, 0.8, 2.0),
                        v.step(s[3], 1, 1, 4, 8)) if s[0] == "smooth"
                       else ("wheel", s[1], v.step(s[2], 10, 10, 100, 120)) for s in args[1]]
            return (args[0], scrolls)

        def act(event):
            if event[0] == "type":
                return ("type", event[1], v.step(event[2], 2, 1, 10, 16))
            if event[0] == "popup":
                at, seconds, what, (x, y, w, h) = event[1:]
                return ("popup", at, None if seconds is None else v.step(seconds, 0.3, 0.1, 0.5),
                        what, (v.step(x, 40, 10, 20, 1260 - w), v.step(y, 30, 10, 40, 700 - h),
                               w, h))
            if event[0] in ("clock", "build"):
                return event
            (x, y), legs = event[1], event[2]
            return ("pointer", (v.step(x, 40, 10, 40, 1200), v.step(y, 40, 10, 80, 640)),
                    [(at, v.step(seconds, 0.1, 0.1, 0.5), v.step(to_x, 40, 10, 40, 1200),
                      v.step(to_y, 40, 10, 80, 640)) for at, seconds, to_x, to_y in legs])

        parts_ = [(seconds, what, look(i, what, args), [act(e) for e in events] if v.n else events)
                  for i, (seconds, what, args, events) in enumerate(parts)]
        parts_ = v.order(parts_, screens_apart)
        lengths = v.lengths([seconds for seconds, _, _, _ in parts_], minimum=1.5)
        made, placed = [], []
        for seconds, (_, what, args, events) in zip(lengths, parts_):
            ats, seconds = v.place(g, seconds, screen_spans(g, what, args, events))
            args, events = screen_moved(what, args, events, ats)
            placed.append(events)
            if what == "scroll":
                shot = scrolling_shot(g, seconds, args[0], args[1], seed=v.seed(1),
                                      tab=tabs[1], first=lines[0])
                for event in events:
                    shot = screen_event(g, shot, None, *event)
            else:
                screen = getattr(desk, what)(*args)
                shot = screen_shot(g, seconds, screen, events)
            made.append(shot)
        names = [args[0] if what == "scroll" else what for _, what, args, _ in parts_]
        seq = Sequence(g, made[0])
        starts = [0]
        for shot in made[:-1]:
            starts.append(starts[-1] + shot.n)
        seq.returns = screen_returns(parts_, starts)
        seq.settles = screen_settles(g, placed, starts, [shot.n for shot in made])
        for i, shot in enumerate(made[1:]):
            before, after = names[i], names[i + 1]
            if before == after == "slide":
                kind = "slide-switch"
            elif before == after == "browser":
                kind = "tab-switch"
            else:
                kind = "window-switch %s>%s" % (before, after)
            seq.cut(shot, kind)
        return seq, None
    return build


def fenced(parts, switches):
    """screens(PARTS) under a presenter's camera on the right 40 % of the
    picture, moving all the time and switching shots at each of SWITCHES
    (seconds): without exclude-regions those switches are cuts. The label's
    "exclude" (fractions x, y, w, h) is the camera's rectangle."""
    screen = screens(parts)

    def build(g):
        seq, post = screen(g)
        w = even(g.W * 0.4)
        bounds = [0] + [g.f(s) for s in switches] + [seq.n]
        sources = ("mandelbrot", "life", "testsrc2", "cellauto")
        pieces = [g.add("%s=s=%dx%d:r=%d,trim=end_frame=%d,format=yuv420p,%s"
                        % (sources[i % len(sources)], w, g.H, g.F, b - a, g.norm))
                  for i, (a, b) in enumerate(zip(bounds, bounds[1:]))]
        camera = g.add("concat=n=%d:v=1:a=0,%s" % (len(pieces), g.norm), *pieces)
        seq.label = g.add("overlay=x=%d:y=0,format=yuv420p" % (g.W - w), seq.label, camera)
        seq.nuisances += [[f, f, "camera-switch"] for f in bounds[1:-1]]
        seq.exclude = [round((g.W - w) / g.W, 4), 0.0, round(w / g.W, 4), 1.0]
        return seq, post
    return build


HD, FHD = (1280, 720), (1920, 1080)

CLIPS = (
    # hard cuts between different moving film-like shots, 1-3 s
    ("hard-cut-30p-720", "hard-cut", 30, HD, "mp4", hard_cut(
        [("mandelbrot", 2.0), ("life", 1.5), ("gradients", 2.5), ("testsrc2", 1.2),
         ("bars", 2.0), ("cellauto", 1.8), ("plasma", 1.5)])),
    ("hard-cut-25p-1080", "hard-cut", 25, FHD, "mkv", hard_cut(
        [("sierpinski", 2.2), ("mstill", 1.6), ("chart", 2.4), ("life", 1.0), ("spiral", 2.8),
         ("testsrc2", 1.4)])),
    ("hard-cut-60p-720", "hard-cut", 60, HD, "ts", hard_cut(
        [("gradients", 1.6), ("mandelbrot", 1.3), ("bars", 1.7), ("plasma", 1.2),
         ("life", 1.8), ("sierpinski", 1.4)])),
    ("hard-cut-10p-720", "hard-cut", 10, HD, "mp4", hard_cut(
        [("cellauto", 2.0), ("chart", 2.6), ("mandelbrot", 1.4), ("gradients", 3.0),
         ("mstill", 1.8), ("testsrc2", 2.2)])),

    # cuts 0.3-0.4 s apart (short shots), and cuts into a fast zoom
    ("hard-cut-close-25p-720", "hard-cut", 25, HD, "mp4", hard_cut(
        [("bars", 2.0), ("life", 0.3), ("plasma", 0.3), ("gradients", 2.2), ("chart", 0.4),
         ("sierpinski", 2.0), ("testsrc2", 0.3), ("mstill", 2.5)], minimum=0.3)),
    ("hard-cut-zoom-25p-720", "hard-cut", 25, HD, "mkv", hard_cut(
        [("bars", 2.0), ("zoomfast", 2.0), ("chart", 2.0), ("zoomfast", 2.0), ("life", 2.0),
         ("zoomfast", 1.5)])),

    # moderate: one source, a different grade or framing per shot
    ("moderate-colour-30p-720", "moderate-cut", 30, HD, "mkv", moderate_cut("mstill", [
        (2.0, None), (1.8, "hue=h=60"), (2.2, "eq=brightness=0.12:saturation=1.5"),
        (1.6, "colorbalance=rs=0.3:gs=-0.1:bs=-0.3"), (2.4, "hue=h=-90:s=0.7"),
        (2.0, "eq=contrast=1.35:gamma=0.8")])),
    ("moderate-framing-25p-720", "moderate-cut", 25, HD, "ts", moderate_cut("testsrc2", [
        (2.2, (0, 0, 1, 1)), (2.0, (0.25, 0.25, 0.5, 0.5)), (2.4, (0.1, 0.05, 0.7, 0.7)),
        (1.8, (0.45, 0.4, 0.5, 0.5)), (2.6, (0, 0, 1, 1))], big=2.0)),
    ("moderate-grade-25p-720", "moderate-cut", 25, HD, "ts", moderate_cut("gradients", [
        (2.0, None), (2.0, "hue=h=45"), (2.2, "eq=saturation=0.4"), (1.8, "hue=h=-60"),
        (2.0, "colorbalance=rs=-0.25:bs=0.3"), (2.0, "eq=gamma=1.4")])),
    ("moderate-mixed-10p-1080", "moderate-cut", 10, FHD, "mp4", moderate_cut("life", [
        (2.5, None), (2.0, "hue=h=120"), (2.5, (0.2, 0.2, 0.6, 0.6)),
        (2.2, "eq=brightness=-0.1:saturation=0.6"), (2.8, (0, 0, 0.7, 0.7))], big=1.5)),

    # flashes inside shots, 2-3 real cuts between them
    ("flash-30p-720", "flash", 30, HD, "mp4", film_events([
        ("mstill", 4.0, [("white", 1.2, 1), ("white", 2.5, 2)]),
        ("life", 4.0, [("white", 1.3, 3), ("black", 2.6, 2)]),
        ("gradients", 4.0, [("bright", 1.2, 2), ("black", 2.4, 1)])])),
    ("flash-25p-720", "flash", 25, HD, "ts", film_events([
        ("plasma", 3.5, [("white", 1.2, 1)]),
        ("bars", 3.5, [("black", 1.5, 1)]),
        ("sierpinski", 3.5, [("white", 1.2, 3), ("bright", 2.4, 2)]),
        ("testsrc2", 3.0, [("white", 1.4, 2)])])),
    ("flash-60p-720", "flash", 60, HD, "mkv", film_events([
        ("cellauto", 3.0, [("white", 1.1, 2), ("black", 1.9, 2)]),
        ("mandelbrot", 2.5, [("bright", 1.2, 2)]),
        ("chart", 3.0, [("white", 1.1, 1), ("white", 1.9, 3)])])),

    # camera motion inside shots
    ("motion-whip-30p-720", "motion", 30, HD, "mkv", motion([
        ("film", "testsrc2", 2.5),
        ("pano", 5.0, [(1.5, 6, 0.4, True), (3.5, 5, -0.45, False)], None),
        ("film", "life", 2.5),
        ("pano", 3.0, [(1.2, 8, 0.3, True)], None)])),
    ("motion-zoom-pan-25p-720", "motion", 25, HD, "mp4", motion([
        ("film", "gradients", 2.0),
        ("pano", 5.0, [], (1.5, 0.5, 2.5)),
        ("film", "plasma", 2.0),
        ("pano", 5.0, [(1.0, 75, 0.03, False)], None)])),
    ("motion-60p-720", "motion", 60, HD, "ts", motion([
        ("film", "bars", 1.5),
        ("pano", 4.0, [(1.1, 8, 0.25, True)], (2.4, 0.5, 2.0)),
        ("film", "mandelbrot", 1.5),
        ("pano", 3.5, [(1.0, 90, 0.02, False)], None)])),
    ("motion-10p-720", "motion", 10, HD, "mp4", motion([
        ("film", "life", 2.5),
        ("pano", 4.0, [(1.5, 4, 0.45, False)], None),
        ("film", "chart", 2.5),
        ("pano", 4.0, [], (1.5, 0.5, 2.5))])),

    # bursts of heavy noise
    ("noise-30p-720", "noise", 30, HD, "ts", film_events([
        ("mstill", 4.0, [("noise", 1.2, 5, 70), ("noise", 2.4, 12, 60)]),
        ("gradients", 4.0, [("noise", 1.5, 3, 90)]),
        ("life", 4.0, [("noise", 1.2, 15, 80)])])),
    ("noise-25p-720", "noise", 25, HD, "mp4", film_events([
        ("testsrc2", 3.5, [("noise", 1.3, 8, 75)]),
        ("plasma", 3.5, [("noise", 1.1, 3, 90), ("noise", 2.2, 6, 65)]),
        ("bars", 3.5, [("noise", 1.1, 15, 60)])])),
    ("noise-60p-720", "noise", 60, HD, "mkv", film_events([
        ("sierpinski", 2.5, [("noise", 1.1, 10, 85)]),
        ("chart", 2.5, [("noise", 1.2, 4, 90)]),
        ("mandelbrot", 2.5, [("noise", 1.1, 15, 70)]),
        ("cellauto", 1.5, [])])),

    # a big object crossing the frame
    ("sweep-30p-720", "sweep", 30, HD, "mp4", film_events([
        ("gradients", 4.0, [("sweep", 1.2, 0.5, "box", False)]),
        ("life", 4.0, [("sweep", 1.3, 0.8, "image", True)]),
        ("mstill", 4.0, [("sweep", 1.4, 0.3, "box", False)])])),
    ("sweep-25p-720", "sweep", 25, HD, "mkv", film_events([
        ("plasma", 3.5, [("sweep", 1.1, 1.0, "box", True)]),
        ("bars", 3.5, [("sweep", 1.4, 0.4, "image", False)]),
        ("sierpinski", 3.5, [("sweep", 1.2, 0.6, "box", False)]),
        ("testsrc2", 3.0, [("sweep", 1.1, 0.7, "image", True)])])),
    ("sweep-60p-720", "sweep", 60, HD, "ts", film_events([
        ("chart", 3.0, [("sweep", 1.3, 0.3, "box", True)]),
        ("mandelbrot", 3.0, [("sweep", 1.1, 0.7, "image", False)]),
        ("cellauto", 3.0, [("sweep", 1.2, 0.5, "box", False)])])),

    # something drawn over the picture that changes on its own
    ("overlay-counter-30p-720", "overlay", 30, HD, "mp4", overlay(
        [("mstill", 3.0), ("life", 3.5), ("gradients", 3.0)], "counter")),
    ("overlay-subtitles-25p-1080", "overlay", 25, FHD, "mkv", overlay(
        [("plasma", 3.5), ("bars", 3.5), ("sierpinski", 3.5)], "subtitles")),
    ("overlay-timecode-25p-720", "overlay", 25, HD, "ts", overlay(
        [("testsrc2", 3.0), ("mandelbrot", 3.5), ("cellauto", 3.0)], "timecode")),
    ("overlay-lower-third-30p-720", "overlay", 30, HD, "mp4", overlay(
        [("chart", 4.0), ("life", 4.0), ("spiral", 3.5)], "lower-third")),
    ("overlay-inset-30p-720", "overlay", 30, HD, "mkv", overlay(
        [("gradients", 3.0), ("mstill", 3.5), ("plasma", 3.0)], "inset")),
    ("overlay-logo-60p-720", "overlay", 60, HD, "mp4", overlay(
        [("bars", 3.0), ("sierpinski", 3.0), ("life", 3.0)], "logo")),

    # fades and dissolves
    ("gradual-xfade-30p-720", "gradual", 30, HD, "mp4", gradual(("mandelbrot", 2.5), [
        (("xfade", "fade", 1.0), "life", 3.0), (("xfade", "dissolve", 0.5), "gradients", 2.5),
        (("xfade", "fade", 1.5), "bars", 3.0), (("xfade", "dissolve", 0.3), "plasma", 2.5)])),
    ("gradual-black-25p-720", "gradual", 25, HD, "mkv", gradual(("testsrc2", 3.0), [
        (("black", 0.5, 0.3, 0.5), "mstill", 3.0), (("xfade", "fadeblack", 1.0), "chart", 3.0),
        (("black", 0.8, 0.0, 0.7), "life", 3.0)])),
    ("gradual-60p-720", "gradual", 60, HD, "ts", gradual(("spiral", 2.5), [
        (("xfade", "fade", 0.5), "sierpinski", 2.5), (("black", 0.4, 0.2, 0.4), "cellauto", 2.5),
        (("xfade", "dissolve", 1.2), "mstill", 3.0)])),
    ("gradual-10p-1080", "gradual", 10, FHD, "mp4", gradual(("life", 3.0), [
        (("xfade", "fade", 1.5), "chart", 3.0), (("xfade", "fadeblack", 0.6), "plasma", 3.0),
        (("xfade", "dissolve", 0.8), "testsrc2", 3.0), (("black", 0.5, 0.5, 0.5), "mstill", 2.5)])),

    # screen changes that must fire
    ("screen-slides-30p-1080", "screen-cut", 30, FHD, "mp4", screens([
        (3.0, "slide", (0,), []), (2.5, "slide", (1,), []), (3.5, "slide", (2,), []),
        (2.0, "slide", (3,), []), (3.0, "slide", (4,), [])])),
    ("screen-windows-25p-720", "screen-cut", 25, HD, "mkv", screens([
        (3.0, "terminal", (0,), []), (3.5, "editor", (1,), []), (3.0, "browser", (0, 1), []),
        (2.5, "terminal", (1,), []), (3.0, "editor", (11,), [])])),
    ("screen-tabs-60p-1080", "screen-cut", 60, FHD, "ts", screens([
        (3.0, "browser", (0, 1), []), (2.5, "browser", (1, 2), []), (3.0, "browser", (2, 3), []),
        (2.0, "browser", (0, 1), []), (2.5, "browser", (3, 4), [])])),
    ("screen-mixed-10p-720", "screen-cut", 10, HD, "mp4", screens([
        (3.0, "slide", (5,), []), (3.0, "terminal", (2,), []), (2.5, "slide", (0,), []),
        (3.0, "browser", (2, 5), []), (2.5, "editor", (5,), [])])),

    # screens shown again: a talk going back to a slide, a switch back to a
    # window or tab, with the pointer elsewhere or a clock ticking
    ("screen-return-slides-30p-720", "screen-return", 30, HD, "mp4", screens([
        (3.0, "slide", (0,), [("pointer", (300, 400), [(1.0, 0.6, 700, 300)])]),
        (2.5, "slide", (1,), []), (2.5, "slide", (2,), []),
        (3.0, "slide", (1,), [("pointer", (900, 200), [(1.0, 0.6, 500, 500)])]),
        (2.5, "slide", (0,), [])])),
    ("screen-return-windows-25p-1080", "screen-return", 25, FHD, "mkv", screens([
        (3.5, "terminal", (1,), [("clock", [1.0, 2.0], (1140, 6))]),
        (2.5, "browser", (2, 4), []), (2.5, "editor", (3,), []),
        (3.5, "terminal", (1,), [("clock", [2.0], (1140, 6)),
                                 ("pointer", (600, 300), [(1.0, 0.8, 200, 500)])]),
        (3.5, "browser", (2, 4), [("pointer", (800, 600), [(1.2, 0.6, 300, 200)])])])),
    # a presenter's camera beside slides and a terminal, switching shots:
    # scored with and without exclude-regions over it
    ("screen-fenced-25p-720", "screen-fenced", 25, HD, "mkv", fenced([
        (4.0, "slide", (0,), []), (4.0, "slide", (1,), []), (4.0, "terminal", (2,), [])],
        [2.0, 6.0, 10.0])),
    ("screen-return-buildup-25p-720", "screen-return", 25, HD, "mp4", screens([
        (2.5, "slide", (0,), []), (2.5, "slide", (1,), []),
        (5.5, "slide", (2,), [("build", [1.0, 2.0])]),
        (2.5, "slide", (1,), [])])),

    # screen activity that must not fire, between 2-3 real switches
    ("screen-typing-30p-1080", "screen-static", 30, FHD, "mkv", screens([
        (5.0, "editor", (1, "        self.rows.sort(reverse=True)"), [("type", 1.0, 12)]),
        (4.0, "browser", (3, 7), [("pointer", (300, 400), [(1.0, 0.8, 800, 250),
                                                           (2.2, 0.8, 500, 520)])]),
        (4.0, "terminal", (0, "meson test -C build --print-errorlogs"), [("type", 1.0, 16)])])),
    ("screen-smooth-scroll-60p-720", "screen-static", 60, HD, "mp4", screens([
        (5.0, "scroll", ("browser", [("smooth", 1.0, 1.2, 6), ("smooth", 2.8, 1.0, 4)]), []),
        (4.5, "scroll", ("editor", [("smooth", 1.0, 2.0, 5)]), []),
        (3.5, "slide", (3,), [("pointer", (900, 500), [(1.0, 1.4, 300, 260)])])])),
    ("screen-wheel-25p-1080", "screen-static", 25, FHD, "ts", screens([
        (5.0, "scroll", ("browser", [("wheel", 1.0, 110), ("wheel", 1.5, 110),
                                     ("wheel", 2.0, 120), ("wheel", 2.8, 100),
                                     ("wheel", 3.6, 110), ("wheel", 4.0, 120)]), []),
        (4.0, "terminal", (2, "tail -f scened.log"), [("type", 1.0, 12)]),
        (4.5, "scroll", ("editor", [("wheel", 1.0, 100), ("wheel", 1.4, 120),
                                    ("wheel", 1.8, 110), ("wheel", 2.6, 100),
                                    ("wheel", 3.4, 120)]), [])])),
    # desktop UI that opens over a window, and a ticking panel clock
    ("screen-ui-30p-720", "screen-ui", 30, HD, "mp4", screens([
        (4.5, "editor", (1,), [("popup", 1.2, 1.2, "dropdown", (300, 120, 260, 210)),
                               ("clock", [1.0, 2.0, 3.0], (1140, 6))]),
        (4.0, "browser", (2, 4), [("popup", 1.0, 1.4, "menu", (640, 260, 220, 240))]),
        (4.5, "terminal", (1,), [("popup", 1.1, 1.6, "dialog", (380, 200, 520, 280))])])),
    ("screen-ui-25p-1080", "screen-ui", 25, FHD, "mkv", screens([
        (4.0, "browser", (4, 2), [("popup", 1.0, None, "cell", (120, 420, 900, 180))]),
        (4.5, "slide", (2,), [("clock", [1.0, 2.0, 3.0], (1140, 6))]),
        (4.5, "editor", (7,), [("popup", 1.2, 1.5, "menu", (500, 300, 240, 280)),
                               ("popup", 3.0, 0.8, "dropdown", (200, 160, 280, 180))])])),
    ("screen-ui-10p-720", "screen-ui", 10, HD, "ts", screens([
        (4.0, "terminal", (3,), [("popup", 1.0, 1.5, "dialog", (340, 180, 600, 320))]),
        (4.5, "browser", (1, 9), [("popup", 1.2, None, "cell", (160, 460, 860, 160)),
                                  ("clock", [1.0, 2.0], (1140, 6))]),
        (3.5, "slide", (4,), [])])),
    ("screen-activity-10p-720", "screen-static", 10, HD, "mkv", screens([
        (4.0, "editor", (1, "        return rows"),
         [("type", 1.0, 10), ("pointer", (700, 200), [(1.2, 0.8, 400, 450)])]),
        (4.0, "scroll", ("browser", [("wheel", 1.0, 120), ("wheel", 1.5, 110),
                                     ("wheel", 2.3, 120), ("wheel", 3.0, 100)]), []),
        (3.5, "scroll", ("editor", [("smooth", 1.0, 1.5, 8)]), []),
        (3.0, "slide", (1,), [("pointer", (200, 600), [(1.0, 1.0, 1000, 300)])])])),
)


def clip_paths(cache_dir, name, ext):
    base = os.path.join(cache_dir, name)
    return base + "." + ext, base + ".json"


def check_label(label):
    """The rules the labels promise: 8-16 s, and nuisances at least 1 s
    from every cut and gradual transition."""
    fps, frames = label["fps"], label["frames"]
    if not 8 * fps <= frames <= 16 * fps:
        raise ValueError("%s: %d frames is not 8-16 s" % (label["name"], frames))
    changes = [(c, c) for c in label["cuts"]] + [tuple(t) for t in label["gradual"]]
    for first, last, kind in label["nuisances"]:
        for a, b in changes:
            if first - b < fps and a - last < fps:
                raise ValueError("%s: %s at %d-%d is within 1 s of the change at %d-%d"
                                 % (label["name"], kind, first, last, a, b))


def generate(spec, cache_dir, variant=0):
    """Encodes one clip of set VARIANT and writes its label; returns the
    seconds it took."""
    name, category, fps, (width, height), ext, build = spec
    path, label_path = clip_paths(cache_dir, name, ext)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="scene-clip-") as textdir:
        g = Graph(width, height, fps, textdir, Variant(variant, name))
        seq, post = build(g)
        out = g.add(",".join(filter(None, [post, "format=yuv420p"])), seq.label)
        label = {"name": name, "file": os.path.basename(path), "category": category,
                 "fps": fps, "frames": seq.n, "width": width, "height": height,
                 "container": ext, "cuts": seq.cuts, "gradual": seq.gradual,
                 "nuisances": sorted(seq.nuisances), "cut_kinds": seq.cut_kinds,
                 "gradual_kinds": seq.gradual_kinds, "generator": GENERATOR_VERSION}
        if getattr(seq, "returns", None) is not None:
            label["returns"] = seq.returns
            label["settles"] = seq.settles
        if getattr(seq, "exclude", None) is not None:
            label["exclude"] = seq.exclude
        if variant:
            label["variant"] = variant
        check_label(label)
        part = os.path.join(cache_dir, "%s.part.%s" % (name, ext))
        with open(os.path.join(textdir, "graph.txt"), "w") as f:
            f.write(g.graph())
        result = subprocess.run(
            ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
             "-filter_complex_script", os.path.join(textdir, "graph.txt"), "-map", "[%s]" % out,
             "-an", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
             "-g", str(2 * fps), "-map_metadata", "-1", part],
            capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError("ffmpeg failed on %s:\n%s" % (name, result.stderr[-3000:]))
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets",
                            "-show_entries", "stream=nb_read_packets", "-of", "json", part],
                           capture_output=True, text=True, check=True).stdout
    packets = int(json.loads(probe)["streams"][0]["nb_read_packets"])
    if packets != seq.n:
        raise RuntimeError("%s: %d frames encoded, the label says %d" % (name, packets, seq.n))
    os.replace(part, path)
    with open(label_path + ".part", "w") as f:
        json.dump(label, f, indent=1)
    os.replace(label_path + ".part", label_path)
    return time.monotonic() - started


def ensure_clips(specs, cache_dir, jobs, variant=0):
    """Generates what is missing of set VARIANT; returns [(path, label)] in
    SPECS order."""
    os.makedirs(cache_dir, exist_ok=True)
    missing = [s for s in specs if not all(map(os.path.exists, clip_paths(cache_dir, s[0], s[4])))]
    if missing:
        log("generating %d of %d clips in %s (%d at a time)..."
            % (len(missing), len(specs), cache_dir, jobs))
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            futures = {pool.submit(generate, s, cache_dir, variant): s for s in missing}
            for future in concurrent.futures.as_completed(futures):
                log("  %-32s %5.1f s" % (futures[future][0], future.result()))
        log("generated in %.0f s" % (time.monotonic() - started))
    out = []
    for s in specs:
        path, label_path = clip_paths(cache_dir, s[0], s[4])
        with open(label_path) as f:
            out.append((path, json.load(f)))
    return out
