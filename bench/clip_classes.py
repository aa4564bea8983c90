# SPDX-License-Identifier: LGPL-2.1-or-later
"""The clip classes bench/analyze-vs-ffmpeg measures: one generated clip
per kind of material scened is given, each with audio, made once with the
ffmpeg CLI from the same shot builders as bench/scene-accuracy and cached.

  film      1080p30 Matroska, 30 s, ten cuts between moving film-like shots
            under a temporal grain (the hardest to decode per pixel)
  screen    1080p30 MP4, 30 s of a desktop recording: slides, typing, a
            scrolling page and editor, a moving pointer, tab switches
  720p60    720p60 MP4, 30 s of film-like shots with eight cuts
  4k        2160p30 Matroska, 20 s of film-like shots with six cuts

Audio: AAC, 48 kHz stereo, 128 kb/s, a tone under pink noise (so the
encoder spends bits on it as on real sound)."""

import os
import subprocess
import tempfile

from scene_accuracy.catalogue import Sequence, screens
from scene_accuracy.film import film
from scene_accuracy.graph import Graph, Variant

CLIP_VERSION = 2  # in the file names: bump it when a clip changes

FILM_KINDS = ("mandelbrot", "life", "gradients", "bars", "plasma", "cellauto", "sierpinski",
              "chart", "mstill", "spiral", "testsrc2")


def film_cuts(seconds, shots):
    """SHOTS film-like shots of equal length over SECONDS, joined by cuts,
    with a temporal grain over the whole clip."""
    def build(g):
        names = [FILM_KINDS[i % len(FILM_KINDS)] for i in range(shots)]
        made = [film(g, kind, seconds / shots, seed=i + 1) for i, kind in enumerate(names)]
        return Sequence.cuts_between(g, made, names), "noise=alls=8:allf=t:all_seed=5"
    return build


def screen_session():
    """Thirty seconds at a desk: three slides, a terminal and an editor
    being typed in, a page scrolled with the wheel, an editor scrolled
    smoothly, a pointer moving over a page, two tab switches."""
    return screens([
        (3.0, "slide", (0,), []), (3.0, "slide", (1,), []),
        (4.0, "terminal", (0, "meson test -C build --print-errorlogs"), [("type", 1.0, 14)]),
        (4.0, "scroll", ("browser", [("wheel", 1.0, 110), ("wheel", 1.6, 120),
                                     ("wheel", 2.4, 100)]), []),
        (4.0, "editor", (1, "        self.rows.sort(reverse=True)"), [("type", 1.0, 12)]),
        (3.5, "scroll", ("editor", [("smooth", 1.0, 1.5, 6)]), []),
        (3.0, "browser", (2, 4), [("pointer", (300, 400), [(1.0, 0.8, 800, 250)])]),
        (2.5, "browser", (3, 7), []),
        (3.0, "slide", (2,), [])])


# name, what it is, width, height, fps, seconds, container, video bitrate
# cap (the grain would take x264 far above what such footage is sent at:
# 40 Mb/s at 1080p), builder
CLASSES = (
    ("film", "1080p30 film-like, 10 cuts, grain", 1920, 1080, 30, 30, "mkv", "12M",
     film_cuts(30, 11)),
    ("screen", "1080p30 desktop recording", 1920, 1080, 30, 30, "mp4", "6M", screen_session()),
    ("720p60", "720p60 film-like, 8 cuts, grain", 1280, 720, 60, 30, "mp4", "8M",
     film_cuts(30, 9)),
    ("4k", "2160p30 film-like, 6 cuts, grain", 3840, 2160, 30, 20, "mkv", "40M",
     film_cuts(20, 7)),
)
NAMES = tuple(c[0] for c in CLASSES)


def clip_path(cache_dir, spec):
    name, _, width, height, fps, seconds, ext = spec[:7]
    return os.path.join(cache_dir, "class-%s-%dx%dp%d-%gs-v%d.%s"
                        % (name, width, height, fps, seconds, CLIP_VERSION, ext))


def make(spec, path, log):
    """Encodes the clip of SPEC to PATH (H.264 + AAC)."""
    name, what, width, height, fps, seconds, ext, maxrate, build = spec
    log("making the %s clip (%s, once: a minute or a few)..." % (name, what))
    with tempfile.TemporaryDirectory(prefix="scened-class-") as textdir:
        g = Graph(width, height, fps, textdir, Variant(0, name))
        seq, post = build(g)
        out = g.add(",".join(filter(None, [post, "format=yuv420p"])), seq.label)
        audio = ("aevalsrc=0.2*sin(2*PI*330*t)|0.2*sin(2*PI*495*t):s=48000:c=stereo:d=%g[tone];"
                 "anoisesrc=c=pink:r=48000:a=0.08:d=%g:seed=3,aformat=channel_layouts=stereo[pink];"
                 "[tone][pink]amix=inputs=2:normalize=0[aout]" % (seq.n / fps, seq.n / fps))
        script = os.path.join(textdir, "graph.txt")
        with open(script, "w") as f:
            f.write(g.graph() + ";\n" + audio)
        part = path + ".part." + ext
        subprocess.run(["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                        "-filter_complex_script", script, "-map", "[%s]" % out, "-map", "[aout]",
                        "-c:v", "libx264", "-preset", "veryfast", "-crf", "21",
                        "-maxrate", maxrate, "-bufsize", maxrate,
                        "-pix_fmt", "yuv420p", "-g", str(2 * fps),
                        "-c:a", "aac", "-b:a", "128k", "-map_metadata", "-1", part], check=True)
    os.replace(part, path)
    log("  %s: %d frames, %.1f MB, cuts at frames %s"
        % (os.path.basename(path), seq.n, os.path.getsize(path) / 1e6,
           ", ".join(map(str, seq.cuts))))


def ensure(spec, cache_dir, log):
    os.makedirs(cache_dir, exist_ok=True)
    path = clip_path(cache_dir, spec)
    if not os.path.exists(path):
        make(spec, path, log)
    return path
