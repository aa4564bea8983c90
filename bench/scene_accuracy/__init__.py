# SPDX-License-Identifier: LGPL-2.1-or-later
"""bench/scene-accuracy, in parts: clip synthesis (graph, film, screen,
catalogue), the detectors run on the clips, scoring and reports."""
