# SPDX-License-Identifier: LGPL-2.1-or-later
"""Paths, fonts, tolerances, categories and detectors the modules share."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUS_NAME = "org.scened.Scened1"
GENERATOR_VERSION = 3  # names the cache folder: bump it when clips or labels change
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
MONO_ADVANCE = 1233 / 2048  # DejaVu Sans Mono: advance width per em

TOLERANCE = 2  # frames, for cuts, gradual transitions and nuisances
TARGET_F1 = 0.97
TARGET_GRADUAL_RECALL = 0.8
F1_CATEGORIES = ("hard-cut", "flash", "motion", "noise", "sweep", "overlay", "screen-cut",
                 "screen-static", "screen-ui")
CATEGORIES = ("hard-cut", "moderate-cut", "flash", "motion", "noise", "sweep", "overlay",
              "gradual", "screen-cut", "screen-static", "screen-ui", "screen-return",
              "screen-fenced")
DETECTORS = ("scened", "scdet", "select>0.3", "select>0.4")

# PySceneDetect's film clips (../shared/media/pyscenedetect): expected cuts,
# optional cuts (neither hit nor false positive), gradual transitions into
# a new shot (start, end; found by one detection inside, as in real/) and
# fades of the same picture (neither way), in seconds. The cuts are those
# its goldens agree on; the rest was labelled by eye from the frames:
# testvideo fades a new shot in from black at frames 211-240 and dissolves
# to the next at 529-558; counter's flat background turns red at frame 10
# and green at 20 (a colour-only change, which issue 17 counts as a cut).
REAL_CLIPS = (
    ("testvideo.mp4", (1.001, 6.006, 13.147), (23.056,), ((7.040, 8.008), (17.651, 18.619)), ()),
    ("goldeneye-vfr-drop3.mp4", (3.754, 8.759), (), (), ()),
    ("fades.mp4", (), (), (), (3.36, 6.68)),
    ("counter.mp4", (1.0, 2.0), (), (), ()),
)


def log(msg):
    print(msg, flush=True)
