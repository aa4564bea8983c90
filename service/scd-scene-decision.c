/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The decision is kept apart from the score so that each can change
 * without the other, and so that both are tested without media.
 */
#include "scd-scene-decision.h"

void
scd_scene_decision_init (ScdSceneDecision *decision)
{
  decision->have_last = FALSE;
  decision->last_written = 0.0;
}

ScdFrameReason
scd_scene_decision_take (ScdSceneDecision *decision,
                         const ScdSceneParams *params,
                         double timestamp,
                         double score)
{
  ScdFrameReason reason = SCD_FRAME_REASON_NONE;
  double since;

  if (!decision->have_last)
    reason = SCD_FRAME_REASON_FIRST;
  else
    {
      since = timestamp - decision->last_written;
      if (score >= params->threshold && since >= params->min_scene_length)
        reason = SCD_FRAME_REASON_SCENE;
      else if (params->max_frame_interval > 0.0 && since >= params->max_frame_interval)
        reason = SCD_FRAME_REASON_INTERVAL;
    }

  if (reason != SCD_FRAME_REASON_NONE)
    {
      decision->have_last = TRUE;
      decision->last_written = timestamp;
    }
  return reason;
}

const char *
scd_frame_reason_to_string (ScdFrameReason reason)
{
  switch (reason)
    {
    case SCD_FRAME_REASON_FIRST:
      return "first";
    case SCD_FRAME_REASON_SCENE:
      return "scene";
    case SCD_FRAME_REASON_INTERVAL:
      return "interval";
    case SCD_FRAME_REASON_CAPTURE:
      return "capture";
    case SCD_FRAME_REASON_NONE:
    default:
      return "none";
    }
}
