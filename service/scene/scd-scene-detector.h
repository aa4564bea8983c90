/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Scene detection on decoded frames: which frames start a scene (a cut,
 * or the end of a fade or dissolve), which are written at an interval.
 */
#pragma once

#include <libavutil/frame.h>

#include "scd-scene-box.h"
#include "scd-scene-decision.h"

G_BEGIN_DECLS

typedef struct _ScdSceneDetector ScdSceneDetector;

/* A frame to write, with its timestamp, its score and why. A cut is
 * known only once a frame or a few after it are seen, so @frame may be an
 * earlier frame than the one just pushed. When a frame becomes a candidate
 * cut, it is passed at once with SCD_FRAME_REASON_CANDIDATE: not to write,
 * but so its JPEG can be made while the frames after are awaited; it comes
 * again with SCD_FRAME_REASON_SCENE if it is confirmed. */
typedef void (*ScdSceneKeepFunc) (const AVFrame *frame,
                                  double timestamp,
                                  double score,
                                  ScdFrameReason reason,
                                  gpointer user_data);

/* What the detector saw in one frame, for bench/scene-trace. */
typedef struct
{
  double timestamp;
  double score;           /* against the frame before */
  double difference;      /* scd_scene_difference() against the frame before */
  double compensated;     /* the same after undoing a scroll or pan; NAN if not tried */
  double scrolled;        /* share of the change a scroll in a window explains; NAN if not tried */
  double content;         /* scd_scene_content_change() against the frame before: changed */
  double went;            /* and went; both NAN if not measured */
  ScdSceneChangeBox box;  /* scd_scene_change_box(); box.box NAN if not measured */
  gboolean candidate;     /* stood out, and waits for the frames after */
  const char *transition; /* what scd-scene-transition.c made of it */
} ScdSceneTrace;

typedef void (*ScdSceneTraceFunc) (const ScdSceneTrace *trace, gpointer user_data);

ScdSceneDetector *scd_scene_detector_new (ScdSceneKeepFunc func, gpointer user_data);
void scd_scene_detector_free (ScdSceneDetector *detector);
void scd_scene_detector_set_trace_func (ScdSceneDetector *detector,
                                        ScdSceneTraceFunc func,
                                        gpointer user_data);

/* Returns @frame's score against the frame before it. */
double scd_scene_detector_push (ScdSceneDetector *detector,
                                const AVFrame *frame,
                                double timestamp,
                                const ScdSceneParams *params);
void scd_scene_detector_finish (ScdSceneDetector *detector);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdSceneDetector, scd_scene_detector_free)

G_END_DECLS
