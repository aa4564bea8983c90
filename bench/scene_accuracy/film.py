# SPDX-License-Identifier: LGPL-2.1-or-later
"""Film-like shots: drifting stills, pans and zooms, and the events
(flashes, noise, sweeps) put into them."""

import random

from .graph import Shot, even


# --- film-like shots ------------------------------------------------------

def drift(g, still, big_w, big_h, n, start, seed, w=None, h=None, speed=50):
    """A slow camera drift over a still image of big_w x big_h: crop w x h
    (the frame by default) moving SPEED px/s at 720p, and less vertically."""
    w, h = w or g.W, h or g.H
    rng = random.Random(seed)
    x0, y0 = rng.randint(0, big_w - w), rng.randint(0, big_h - h)
    vx = (1 if x0 < (big_w - w) / 2 else -1) * speed * g.k / g.F
    vy = (1 if y0 < (big_h - h) / 2 else -1) * 0.4 * speed * g.k / g.F
    return ("%s,loop=loop=%d:size=1:start=0,%s,"
            "crop=%d:%d:x='clip(%d+%.4f*(n+%d),0,%d)':y='clip(%d+%.4f*(n+%d),0,%d)'"
            % (still, n - 1, g.norm, w, h, x0, vx, start, big_w - w,
               y0, vy, start, big_h - h))


def film_chain(g, kind, n, start=0, seed=1, size=None):
    """A chain (no inputs) of n frames of moving, film-like content,
    starting at frame START of that content; size defaults to the frame.
    Each moves about as much from frame to frame as real footage does
    (scdet's mafd, with the grain, mostly 1.5-3.5): the automata and
    fractals are slowed down, blended or drifted over, not left to change
    every pixel every frame. The seed is offset for --variant."""
    W, H = size or (g.W, g.H)
    F = g.F
    seed = g.v.seed(seed)
    w4, h4 = even(W / 4), even(H / 4)
    trim = "trim=start_frame=%d:end_frame=%d,%s" % (start, start + n, g.norm)
    scale = "scale=%d:%d" % (W, H)
    if kind in ("mandelbrot", "zoomfast"):
        # zoomfast: the same dive, 3-4 times faster, as a fast zoom shot.
        end = 150 + 30 * (seed % 3) if kind == "mandelbrot" else 40 + 10 * (seed % 3)
        return ("mandelbrot=s=%dx%d:r=%d:maxiter=250:start_scale=0.8:end_scale=0.02:end_pts=%d"
                ",%s,%s" % (w4, h4, F, end, trim, scale))
    if kind == "mstill":
        bw, bh = even(W * 1.5), even(H * 1.5)
        still = ("mandelbrot=s=%dx%d:r=%d:maxiter=100:start_scale=%g,trim=end_frame=1,"
                 "scale=%d:%d" % (bw // 2, bh // 2, F, 1.5 + seed % 3, bw, bh))
        return drift(g, still, bw, bh, n, start, seed, W, H)
    if kind == "life":
        colors = (("0xffcc66", "0x203050", "0x408060"), ("0x66ddff", "0x301020", "0xa04080"),
                  ("0xffffff", "0x103010", "0x80a020"))[seed % 3]
        # Six generations a second, past the first chaotic ones, blended
        # into the frames between.
        return ("life=s=%dx%d:r=6:mold=10:ratio=0.3:seed=%d:life_color=%s:death_color=%s"
                ":mold_color=%s,trim=start_frame=30,setpts=PTS-STARTPTS,framerate=fps=%d,%s,%s"
                % ((w4, h4, seed) + colors + (F, trim, scale)))
    if kind == "cellauto":
        rule = (30, 110, 90, 18)[seed % 4]
        bw, bh = even(W * 1.5), even(H * 1.5)
        still = ("cellauto=s=%dx%d:r=%d:rule=%d:seed=%d:full=1:scroll=0,trim=end_frame=1,"
                 "scale=%d:%d:flags=neighbor,format=rgb24,"
                 "colorchannelmixer=rr=0.95:gg=0.65:bb=0.3"
                 % (even(bw / 16), even(bh / 16), F, rule, seed, bw, bh))
        return drift(g, still, bw, bh, n, start, seed, W, H, speed=30)
    if kind in ("gradients", "spiral"):
        # Colours given: gradients' "random" default ignores the seed.
        palette = (("0x3070c0", "0xe0c060", "0x30a070", "0xc04070"),
                   ("0x80e020", "0x2050a0", "0xf08030", "0x602080"),
                   ("0xd0d0f0", "0x406020", "0xe05050", "0x20c0c0"))[seed % 3]
        return ("gradients=s=%dx%d:r=%d:speed=0.04:seed=%d:n=4:type=%s"
                ":c0=%s:c1=%s:c2=%s:c3=%s,%s,%s"
                % ((even(W / 2), even(H / 2), F, seed,
                    "linear" if kind == "gradients" else "spiral") + palette + (trim, scale)))
    if kind == "testsrc2":
        return "testsrc2=s=%dx%d:r=%d,%s" % (W, H, F, trim)
    if kind == "sierpinski":
        bw, bh = even(W * 1.5), even(H * 1.5)
        still = ("sierpinski=s=%dx%d:r=%d:seed=%d:type=triangle,trim=end_frame=1,scale=%d:%d,"
                 "format=rgb24,colorchannelmixer=rr=%.1f:gg=0.8:bb=1.0"
                 % (even(bw / 8), even(bh / 8), F, seed, bw, bh, 0.3 + 0.2 * (seed % 3)))
        return drift(g, still, bw, bh, n, start, seed, W, H, speed=30)
    if kind == "bars":
        still = "smptehdbars=s=%dx%d:r=%d,trim=end_frame=1" % (W * 2, H * 2, F)
        return drift(g, still, W * 2, H * 2, n, start, seed, W, H)
    if kind == "chart":
        # colorchart of ffmpeg 5.1 crashes with some large patch sizes:
        # draw it at its default 64x64 and scale it up.
        pw, ph = even(W / 4), even(H / 3)
        still = ("colorchart=r=%d:preset=%s,trim=end_frame=1,scale=%d:%d:flags=neighbor"
                 % (F, ("reference", "skintones")[seed % 2], pw * 6, ph * 4))
        return drift(g, still, pw * 6, ph * 4, n, start, seed, W, H)
    if kind == "plasma":
        a, b, c = 13 + seed, 17 + 2 * seed, 23 + seed
        return ("nullsrc=s=%dx%d:r=%d,%s,format=gbrp,"
                "geq=r='128+100*sin(X/%d+T*1.7)':g='128+100*sin(Y/%d-T*1.1)'"
                ":b='128+100*sin((X+Y)/%d+T*2.3)',%s"
                % (even(W / 5), even(H / 5), F, trim, a, b, c, scale))
    raise ValueError(kind)


def film(g, kind, seconds, seed=1, events=()):
    """A film shot of SECONDS with nuisance EVENTS (see add_event)."""
    n = g.f(seconds)
    shot = Shot(g.add(film_chain(g, kind, n, seed=seed) + ",format=yuv420p,setsar=1"), n)
    for event in events:
        shot = add_event(g, shot, *event)
    return shot


def add_event(g, shot, kind, at, *args):
    """A nuisance event in SHOT, starting AT seconds into it:
    ("white"|"black", at, frames), ("bright", at, frames),
    ("noise", at, frames, strength), ("sweep", at, seconds, "box"|"image", right_to_left)."""
    a = g.f(at)
    if kind in ("white", "black"):
        frames = args[0]
        b = a + frames - 1
        label = g.add("drawbox=x=0:y=0:w=iw:h=ih:color=%s:t=fill:enable='between(n,%d,%d)'"
                      % (kind, a, b), shot.label)
        name = "%s-flash-%d" % (kind, frames)
    elif kind == "bright":
        frames = args[0]
        b = a + frames - 1
        label = g.add("eq=brightness=0.3:contrast=0.8:enable='between(n,%d,%d)'" % (a, b),
                      shot.label)
        name = "bright-flash-%d" % frames
    elif kind == "noise":
        frames, strength = args
        b = a + frames - 1
        label = g.add("noise=alls=%d:allf=t+u:all_seed=%d:enable='between(n,%d,%d)'"
                      % (strength, g.v.seed(7 + a), a, b), shot.label)
        name = "noise-burst"
    elif kind == "sweep":
        seconds, what, backwards = args
        frames = g.f(seconds)
        b = a + frames - 1
        ow, oh = even(g.W / 3), even(g.H / 2)
        if what == "box":
            obj = "color=c=0xd03a2a:s=%dx%d:r=%d,trim=end_frame=%d,%s" % (ow, oh, g.F, shot.n,
                                                                          g.norm)
        else:
            obj = ("testsrc=s=%dx%d:r=%d,trim=end_frame=%d,%s,drawbox=x=0:y=0:w=iw:h=ih"
                   ":color=0xf0f0f0:t=%d" % (ow, oh, g.F, shot.n, g.norm, g.px(6)))
        obj = g.add(obj)
        # From just off one side to just off the other, frames a..b visible.
        p = "(n-%d+1)/%d" % (a, frames + 1)
        x = ("W-(W+w)*%s" if backwards else "-w+(W+w)*%s") % p
        label = g.add("overlay=x='%s':y=%d:enable='between(n,%d,%d)',format=yuv420p"
                      % (x, g.H // 4, a, b), shot.label, obj)
        name = "sweep-%s" % what
    else:
        raise ValueError(kind)
    return Shot(label, shot.n, shot.nuisances + [[a, b, name]])


def panorama(g, n, seed, moves=(), zoom=None, mirror=False):
    """A camera over a still panorama five frames wide (five different
    images side by side). MOVES: (at_seconds, frames, px_per_frame as a
    fraction of the frame width, blur); ZOOM: (at_seconds, seconds, factor).
    MIRROR starts at the right end and moves the other way.
    Returns a Shot with the moves and the zoom as nuisances."""
    W, H = g.W, g.H
    kinds = ["mstill", "life", "chart", "gradients", "sierpinski", "bars", "plasma"]
    random.Random(g.v.seed(seed)).shuffle(kinds)
    tiles = []
    for i, kind in enumerate(kinds[:5]):
        tiles.append(g.add(film_chain(g, kind, 1, seed=seed + i) + ",format=yuv420p,setsar=1"))
    pano = g.add("hstack=inputs=5,loop=loop=%d:size=1:start=0,%s" % (n - 1, g.norm), *tiles)
    x0 = 4 * W - int(0.2 * W) if mirror else int(0.2 * W)
    terms, blur, nuisances = [], [], []
    for at, frames, fraction, blurred in moves:
        a = g.f(at)
        step = (-fraction if mirror else fraction) * W
        terms.append("%.2f*clip(n-%d,0,%d)" % (step, a - 1, frames))
        if blurred:
            blur.append("between(n,%d,%d)" % (a, a + frames - 1))
        kind = "whip-pan" if abs(fraction) >= 0.1 else "fast-pan"
        nuisances.append([a, a + frames - 1, kind])
    x = "%d+%s" % (x0, "+".join(terms)) if terms else str(x0)
    chain = "crop=%d:%d:x='clip(%s,0,%d)':y=0" % (W, H, x, 4 * W)
    if blur:
        chain += (",avgblur=sizeX=%d:sizeY=1:enable='%s'" % (max(2, W // 40), "+".join(blur)))
    if zoom:
        at, seconds, factor = zoom
        a, frames = g.f(at), g.f(seconds)
        z = "1+%.4f*clip(on-%d,0,%d)" % ((factor - 1) / frames, a - 1, frames)
        chain += (",zoompan=z='%s':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=%dx%d:fps=%d,%s"
                  % (z, W, H, g.F, g.norm))
        nuisances.append([a, a + frames - 1, "fast-zoom"])
    label = g.add(chain + ",format=yuv420p,setsar=1", pano)
    return Shot(label, n, nuisances)
