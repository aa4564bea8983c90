# SPDX-License-Identifier: LGPL-2.1-or-later
"""Scoring detections against the labels: hits, misses, false cuts and the
nuisance each false cut fell on."""

from .common import TOLERANCE


def nuisance_kind(label, frame):
    for first, last, kind in label["nuisances"]:
        if first - TOLERANCE <= frame <= last + TOLERANCE:
            return kind
    return None


def score_clip(label, detections):
    """Matches detections (frames) to the labels: {tp, fp, fn, misses,
    false_positives: [(frame, score, why)]}."""
    frames = [(f, s) for f, _, s in detections]
    cuts = label["cuts"]
    pairs = sorted((abs(f - c), i, j) for i, (f, _) in enumerate(frames)
                   for j, c in enumerate(cuts) if abs(f - c) <= TOLERANCE)
    used, hit = set(), set()
    for _, i, j in pairs:
        if i not in used and j not in hit:
            used.add(i)
            hit.add(j)
    cut_kinds = label.get("cut_kinds") or [""] * len(cuts)
    gradual_kinds = label.get("gradual_kinds") or [""] * len(label["gradual"])
    misses = [["cut", c, cut_kinds[j]] for j, c in enumerate(cuts) if j not in hit]
    tp = len(hit)
    extra = {}
    for (first, last), kind in zip(label["gradual"], gradual_kinds):
        inside = [i for i, (f, _) in enumerate(frames)
                  if i not in used and first - TOLERANCE <= f <= last + TOLERANCE]
        if inside:
            tp += 1
            used.add(inside[0])
            for i in inside[1:]:
                used.add(i)
                extra[i] = "inside-gradual"
        else:
            misses.append(["gradual", [first, last], kind])
    false_positives = []
    for i, (f, s) in enumerate(frames):
        if i in extra:
            false_positives.append([f, s, extra[i]])
        elif i not in used:
            false_positives.append([f, s, nuisance_kind(label, f)])
    return {"tp": tp, "fp": len(false_positives), "fn": len(misses), "misses": misses,
            "false_positives": false_positives}


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def totals(rows):
    tp = sum(r["tp"] for r in rows)
    fp = sum(r["fp"] for r in rows)
    fn = sum(r["fn"] for r in rows)
    p, r, f1 = prf(tp, fp, fn)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f1}
