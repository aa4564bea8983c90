# SPDX-License-Identifier: LGPL-2.1-or-later
"""The tables: per category and detector, nuisances, targets, every miss
and false cut, and the real clips."""

from .common import CATEGORIES, DETECTORS, F1_CATEGORIES, TARGET_F1, TARGET_GRADUAL_RECALL, log
from .scoring import score_clip, totals


def print_table(clips, scores, categories):
    summary = {}
    log("")
    log("%-14s %6s  %s" % ("", "", "  ".join("%-14s" % d for d in DETECTORS)))
    log("%-14s %6s  %s" % ("category", "events", "  ".join("%-14s" % "P    R    F1"
                                                            for _ in DETECTORS)))
    for category in list(categories) + ["all"]:
        idx = [i for i, (_, label) in enumerate(clips)
               if category == "all" or label["category"] == category]
        if not idx:
            continue
        events = sum(len(clips[i][1]["cuts"]) + len(clips[i][1]["gradual"]) for i in idx)
        summary[category] = {d: totals([scores[i][d] for i in idx]) for d in DETECTORS}
        cells = ["%.2f %.2f %.2f" % (t["precision"], t["recall"], t["f1"])
                 for t in (summary[category][d] for d in DETECTORS)]
        log("%-14s %6d  %s" % (category, events, "  ".join(cells)))
    return summary


def print_nuisances(clips, scores):
    kinds = {}
    for _, label in clips:
        for _, _, kind in label["nuisances"]:
            kinds[kind] = kinds.get(kind, 0) + 1
    counts = {}
    for i in range(len(clips)):
        for d in DETECTORS:
            for _, _, why in scores[i][d]["false_positives"]:
                key = why or "elsewhere"
                counts.setdefault(key, dict.fromkeys(DETECTORS, 0))[d] += 1
    log("")
    log("false positives by nuisance (events: how many there are)")
    log("%-16s %6s  %s" % ("kind", "events", "  ".join("%10s" % d for d in DETECTORS)))
    for kind in sorted(set(kinds) | set(counts), key=lambda k: (k not in kinds, k)):
        log("%-16s %6s  %s" % (kind, kinds.get(kind, "-"),
                               "  ".join("%10d" % counts.get(kind, {}).get(d, 0)
                                         for d in DETECTORS)))
    return counts


def print_returns(clips, found, verbose):
    """scened's duplicate-of on the clips whose label lists the screens shown
    again ("returns"): each return is right when the frame at it names the
    frame that first showed the screen (both within 2 frames); wrong when
    it names another; missed when it names none; a duplicate-of anywhere
    else is false. Returns the totals."""
    rows = []
    for i, (_, label) in enumerate(clips):
        if "returns" not in label:
            continue
        fps = label["fps"]
        marked = [(round(t * fps), None if o is None else round(o * fps))
                  for t, o in found[i].get("duplicates", [])]
        right = wrong = 0
        used = set()
        for at, original in label["returns"]:
            near = [k for k, (f, _) in enumerate(marked) if abs(f - at) <= 2 and k not in used]
            if not near:
                continue
            used.add(near[0])
            named = marked[near[0]][1]
            if named is not None and abs(named - original) <= 2:
                right += 1
            else:
                wrong += 1
        missed = len(label["returns"]) - right - wrong
        rows.append((label["name"], len(label["returns"]), right, wrong, missed,
                     len(marked) - len(used), marked))
    if not rows:
        return None
    log("")
    log("screens shown again: scened's duplicate-of (right: names the frame that first")
    log("showed the screen; false: on a frame that shows a new one)")
    log("%-34s %7s %5s %5s %6s %5s" % ("clip", "returns", "right", "wrong", "missed", "false"))
    for name, n, right, wrong, missed, false, marked in rows:
        log("%-34s %7d %5d %5d %6d %5d" % (name, n, right, wrong, missed, false))
        if verbose:
            log("    duplicate-of at frames: %s" % (", ".join(
                "%d -> %s" % (f, o) for f, o in marked) or "none"))
    total = [sum(r[k] for r in rows) for k in range(1, 6)]
    log("%-34s %7d %5d %5d %6d %5d" % tuple(["(all)"] + total))
    return dict(zip(("returns", "right", "wrong", "missed", "false"), total))


def print_settled(clips, found, verbose):
    """scened's settled frames on the clips whose label lists the slides
    that build up ("settles": [scene's first frame, first and last frame
    the settled frame may be]): right when one falls there and names the
    scene's frame (within 2 frames); missed when none does; every other
    settled frame is false. Returns the totals."""
    rows = []
    for i, (_, label) in enumerate(clips):
        if "settles" not in label:
            continue
        fps = label["fps"]
        marked = [(round(t * fps), None if s is None else round(s * fps))
                  for t, s in found[i].get("settled", [])]
        right, used = 0, set()
        for start, first, last in label["settles"]:
            near = [k for k, (f, s) in enumerate(marked)
                    if first - 2 <= f <= last and s is not None and abs(s - start) <= 2
                    and k not in used]
            if near:
                used.add(near[0])
                right += 1
        rows.append((label["name"], len(label["settles"]), right,
                     len(label["settles"]) - right, len(marked) - len(used), marked))
    if not rows:
        return None
    log("")
    log("slides that build up: scened's settled frames (right: after the last step")
    log("and settle-seconds, before the next change, naming the scene's frame)")
    log("%-34s %7s %5s %6s %5s" % ("clip", "builds", "right", "missed", "false"))
    for name, n, right, missed, false, marked in rows:
        log("%-34s %7d %5d %6d %5d" % (name, n, right, missed, false))
        if verbose and marked:
            log("    settled at frames: %s" % ", ".join("%d (settles %s)" % m for m in marked))
    total = [sum(r[k] for r in rows) for k in range(1, 5)]
    log("%-34s %7d %5d %6d %5d" % tuple(["(all)"] + total))
    return dict(zip(("builds", "right", "missed", "false"), total))


def print_fenced(clips, scores, found):
    """On the clips whose label has "exclude" (a camera's rectangle):
    scened's hits and false cuts at its defaults, and with exclude-regions
    set to it."""
    rows = []
    for i, (_, label) in enumerate(clips):
        if "exclude" not in label or "scened-excluded" not in found[i]:
            continue
        fenced = score_clip(label, found[i]["scened-excluded"])
        rows.append((label["name"], len(label["cuts"]), scores[i]["scened"], fenced))
    if not rows:
        return None
    log("")
    log("a camera beside the picture, switching shots: scened without and with")
    log("exclude-regions over it (hits of the cuts / false cuts)")
    log("%-34s %5s %16s %16s" % ("clip", "cuts", "no regions", "camera excluded"))
    for name, cuts, plain, fenced in rows:
        log("%-34s %5d %16s %16s" % (name, cuts, "%d / %d" % (plain["tp"], plain["fp"]),
                                    "%d / %d" % (fenced["tp"], fenced["fp"])))
    return [{"clip": r[0], "cuts": r[1], "plain": {"tp": r[2]["tp"], "fp": r[2]["fp"]},
             "excluded": {"tp": r[3]["tp"], "fp": r[3]["fp"]}} for r in rows]


def print_targets(summary):
    results = []

    def target(ok, text):
        results.append({"pass": ok, "target": text})
        log("  %s  %s" % ("PASS" if ok else "FAIL", text))

    log("")
    log("targets (scened at its defaults)")
    for category in F1_CATEGORIES:
        if category in summary:
            f1 = summary[category]["scened"]["f1"]
            target(f1 >= TARGET_F1, "%s F1 %.3f >= %.2f" % (category, f1, TARGET_F1))
    if "gradual" in summary:
        recall = summary["gradual"]["scened"]["recall"]
        target(recall >= TARGET_GRADUAL_RECALL,
               "gradual recall %.3f >= %.2f" % (recall, TARGET_GRADUAL_RECALL))
    for category in CATEGORIES:
        if category not in summary:
            continue
        mine = summary[category]["scened"]["f1"]
        others = [(d, summary[category][d]["f1"]) for d in DETECTORS[1:]]
        ok = all(mine > f1 for _, f1 in others) or mine == 1.0
        target(ok, "%s: scened F1 %.3f ahead of %s" % (
            category, mine, ", ".join("%s %.3f" % o for o in others)))
    met = sum(r["pass"] for r in results)
    log("%d of %d targets met" % (met, len(results)))
    return results


def print_verbose(clips, scores):
    log("")
    log("per clip: misses: frame(what changed), or first-last(transition) for gradual;"
        " false positives: frame(score, nuisance kind)")
    for (path, label), score in zip(clips, scores):
        log("%s%s (%s, %d fps, %d frames; cuts %s; gradual %s)"
            % (label["name"], ", variant %d" % label["variant"] if label.get("variant") else "",
               label["category"], label["fps"], label["frames"],
               " ".join(map(str, label["cuts"])) or "-",
               " ".join("%d-%d" % tuple(t) for t in label["gradual"]) or "-"))
        for d in DETECTORS:
            s = score[d]
            if not s["misses"] and not s["false_positives"]:
                log("  %-11s ok" % d)
                continue
            misses = " ".join((str(m[1]) if m[0] == "cut" else "%d-%d" % tuple(m[1]))
                              + ("(%s)" % m[2] if m[2] else "") for m in s["misses"])
            fps = " ".join("%d(%.2f, %s)" % (f, sc, why or "-")
                           for f, sc, why in s["false_positives"])
            log("  %-11s miss: %s" % (d, misses or "-"))
            log("  %-11s FP:   %s" % ("", fps or "-"))
