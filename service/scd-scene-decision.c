/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The decision is kept apart from the score so that each can change
 * without the other, and so that both are tested without media.
 *
 * A scene change needs a score of at least the threshold, and at least
 * three times the mean score of the few frames before it: a cut stands
 * out from its neighbours, while the steady change of a pan, a fade or
 * noise does not. Looking only backwards adds no latency.
 */
#include "scd-scene-decision.h"

/* How far above its neighbours a cut must stand, and a floor for the
 * neighbours' mean so that one tiny flicker after a still stretch is not
 * a cut. */
#define NEIGHBOUR_RATIO 3.0
#define NEIGHBOUR_FLOOR 0.3

void
scd_scene_decision_init (ScdSceneDecision *decision)
{
  *decision = (ScdSceneDecision) { 0 };
}

static double
neighbour_mean (const ScdSceneDecision *decision)
{
  double sum = 0.0;

  for (guint i = 0; i < decision->n_history; i++)
    sum += decision->history[i];
  return decision->n_history > 0 ? sum / decision->n_history : 0.0;
}

static void
remember (ScdSceneDecision *decision, double score)
{
  decision->history[decision->next_history] = score;
  decision->next_history = (decision->next_history + 1) % SCD_SCENE_HISTORY;
  decision->n_history = MIN (decision->n_history + 1, SCD_SCENE_HISTORY);
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
      if (score >= params->threshold
          && score >= NEIGHBOUR_RATIO * (neighbour_mean (decision) + NEIGHBOUR_FLOOR)
          && since >= params->min_scene_length)
        reason = SCD_FRAME_REASON_SCENE;
      else if (params->max_frame_interval > 0.0 && since >= params->max_frame_interval)
        reason = SCD_FRAME_REASON_INTERVAL;
    }

  if (decision->have_last)
    remember (decision, score);
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
