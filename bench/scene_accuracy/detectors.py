# SPDX-License-Identifier: LGPL-2.1-or-later
"""Running the detectors on a clip: scened (the built service on a private
bus, through scenectl) and ffmpeg's scdet and select."""

import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

from .common import BUS_NAME, DETECTORS


def start_bus():
    proc = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    address = proc.stdout.readline().strip()
    if not address:
        proc.kill()
        proc.wait()
        sys.exit("dbus-daemon did not print an address")
    return proc, address


class Scened:
    """The built service on a private session bus, for one run."""

    def __init__(self, build_dir, tune=()):
        self.scened = os.path.join(build_dir, "service", "scened")
        self.scenectl = os.path.join(build_dir, "client", "scenectl")
        for exe in (self.scened, self.scenectl):
            if not os.access(exe, os.X_OK):
                sys.exit("%s is not built: meson setup build && ninja -C build" % exe)
        self.work = tempfile.mkdtemp(prefix="scened-bench-")
        self.bus, self.service = None, None
        try:
            self.bus, address = start_bus()
            self.env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address)
            self.log_path = os.path.join(self.work, "scened.log")
            with open(self.log_path, "w") as log_file:
                self.service = subprocess.Popen(
                    [self.scened, "--data-dir", os.path.join(self.work, "data")]
                    + ["--tune=%s" % t for t in tune], env=self.env,
                    stdout=subprocess.DEVNULL, stderr=log_file)
            subprocess.run(["gdbus", "wait", "--session", "--timeout", "20", BUS_NAME],
                           env=self.env, check=True)
        except BaseException:
            self.close()
            raise

    def detect(self, path):
        """[(timestamp, score)] of the scene frames of PATH."""
        return self.detect_frames(path)[0]

    def detect_frames(self, path, options=()):
        """The scene frames of PATH, [(timestamp, score)]; its frames of a
        screen shown before, [(timestamp, timestamp of the frame named by
        duplicate-of)]; its settled frames, [(timestamp, timestamp of the
        frame named by settles)]."""
        result = subprocess.run([self.scenectl, "--json", "analyze", "-a", "none"]
                                + ["--option=%s" % o for o in options] + [path],
                                env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError("scenectl analyze %s failed (%d): %s"
                               % (path, result.returncode, result.stderr.strip()))
        scenes, times, duplicates, settled = [], {}, [], []
        for line in result.stdout.splitlines():
            event = json.loads(line)
            if event.get("event") == "state" and event.get("state") == "failed":
                raise RuntimeError("the session on %s failed: %s" % (path, event.get("error")))
            if event.get("event") != "frame":
                continue
            times[event.get("id")] = event["timestamp"]
            if event.get("reason") == "scene":
                scenes.append((event["timestamp"], event.get("score", 0.0)))
            if "duplicate-of" in event:
                duplicates.append((event["timestamp"], times.get(event["duplicate-of"])))
            if event.get("reason") == "settled":
                settled.append((event["timestamp"], times.get(event.get("settles"))))
        return scenes, duplicates, settled

    def log_tail(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()[-2000:]
        except OSError:
            return ""

    def close(self):
        if self.service is not None and self.service.poll() is None:
            self.service.terminate()
            self.service.wait(timeout=30)
        if self.bus is not None:
            self.bus.terminate()
            self.bus.wait()
        shutil.rmtree(self.work, ignore_errors=True)


def read_metadata_print(path):
    """metadata=mode=print output: [(frame, pts, pts_time, {key: value})]."""
    out = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("frame:"):
                fields = dict(part.split(":", 1) for part in line.split())
                out.append((int(fields["frame"]), int(fields["pts"]),
                            float(fields["pts_time"]), {}))
            elif "=" in line and out:
                key, value = line.split("=", 1)
                out[-1][3][key] = value
    return out


def ffmpeg_detect(path):
    """One decode, three detectors: {name: [(frame or None, time, score)]}.
    The frame is the presentation index: scdet's metadata sees every
    frame; select's frames are found by their pts in scdet's list."""
    with tempfile.TemporaryDirectory(prefix="scene-ffmpeg-") as tmp:
        files = [os.path.join(tmp, n) for n in ("scdet.txt", "sel3.txt", "sel4.txt")]
        graph = ("[0:v]split=3[a][b][c];"
                 "[a]scdet=threshold=10,metadata=mode=print:file=%s[oa];"
                 "[b]select='gt(scene,0.3)',metadata=mode=print:file=%s[ob];"
                 "[c]select='gt(scene,0.4)',metadata=mode=print:file=%s[oc]" % tuple(files))
        cmd = ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-i", path,
               "-filter_complex", graph]
        for out in ("[oa]", "[ob]", "[oc]"):
            cmd += ["-map", out, "-f", "null", "-"]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError("ffmpeg on %s failed: %s" % (path, result.stderr[-2000:]))
        every = read_metadata_print(files[0])
        index = {pts: i for i, (_, pts, _, _) in enumerate(every)}
        found = {"scdet": [(i, t, float(meta.get("lavfi.scd.score", 0)))
                           for i, (_, _, t, meta) in enumerate(every)
                           if "lavfi.scd.time" in meta]}
        for name, file in (("select>0.3", files[1]), ("select>0.4", files[2])):
            found[name] = [(index.get(pts), t, float(meta.get("lavfi.scene_score", 0)))
                           for _, pts, t, meta in read_metadata_print(file)]
        return found


def detect_all(clips, scened):
    """Runs the four detectors on every clip: scened one clip after another
    in this thread, the ffmpeg pass beside it in another.
    Returns [{detector: [(frame, time, score)]}] with frame None for clips
    without a known frame rate, and under "duplicates" scened's frames
    marked duplicate-of, [(time, time of the frame it names)], and under
    "settled" its settled frames, [(time, time of the scene's frame)];
    for a clip whose label has "exclude", under "scened-excluded" scened's
    scene frames with exclude-regions set to it."""
    results = []
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        futures = [pool.submit(ffmpeg_detect, path) for path, _ in clips]
        for (path, label), future in zip(clips, futures):
            fps = label.get("fps")
            scenes, duplicates, settled = scened.detect_frames(path)
            found = {"scened": [(round(t * fps) if fps else None, t, score)
                                for t, score in scenes],
                     "duplicates": duplicates, "settled": settled}
            if "exclude" in label:
                fenced = scened.detect_frames(
                    path, ["exclude-regions=%s" % ",".join("%g" % v for v in label["exclude"])])[0]
                found["scened-excluded"] = [(round(t * fps), t, score) for t, score in fenced]
            found.update(future.result())
            if not fps:
                for name in DETECTORS:
                    found[name] = [(None, t, s) for _, t, s in found[name]]
            results.append(found)
    return results
