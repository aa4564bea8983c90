/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Whether a frame becomes a scene frame: threshold, minimum scene length
 * and maximum interval applied to a frame's score and timestamp.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double threshold;          /* percent, compared with the scene score */
  double min_scene_length;   /* seconds */
  double max_frame_interval; /* seconds, 0 = off */
} ScdSceneParams;

typedef enum
{
  SCD_FRAME_REASON_NONE,
  SCD_FRAME_REASON_FIRST,
  SCD_FRAME_REASON_SCENE,
  SCD_FRAME_REASON_INTERVAL,
  SCD_FRAME_REASON_CAPTURE,
} ScdFrameReason;

#define SCD_SCENE_HISTORY 5

typedef struct
{
  gboolean have_last;
  double last_written; /* timestamp of the last frame written */
  double history[SCD_SCENE_HISTORY]; /* scores of the frames before */
  guint n_history;
  guint next_history;
} ScdSceneDecision;

void scd_scene_decision_init (ScdSceneDecision *decision);
ScdFrameReason scd_scene_decision_take (ScdSceneDecision *decision,
                                        const ScdSceneParams *params,
                                        double timestamp,
                                        double score);
const char *scd_frame_reason_to_string (ScdFrameReason reason);

G_END_DECLS
