/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The decision is kept apart from the images so that the rules are tested
 * with numbers alone (tests/unit/test-scene-decision.c).
 *
 * A cut stands out: its score (the share of the picture that changed) is
 * at least the threshold, and its difference from the frame before
 * (scd_scene_difference(): how far apart the two are) is at least three
 * times the mean difference of the few frames before it, so the steady
 * change of a pan, a fade or noise does not stand out. The score alone
 * would not do for that: it saturates once every part moved a little. Then it must be
 * followed by a new scene, not by more change: a frame that stands out is
 * only a candidate until the frames after it are seen (scd-scene-detector.c
 * holds it meanwhile).
 *
 * - The frame after a cut is steady: it differs from the one before it
 *   much less than the cut did.
 *   After the first frame of a whip pan, a zoom, a noise burst or a
 *   one-frame flash, the change goes on, so it is not a cut. This costs
 *   every cut one frame of latency.
 * - A flash ends by going back: some frame after it looks like the frame
 *   before it again. Only a change that is mostly one of brightness can be
 *   a flash, so only such a change waits the SCD_CUT_MAX_WAIT frames a
 *   three-frame flash needs to end; others are confirmed after one.
 */
#include "scd-scene-decision.h"

/* How far above its neighbours a cut must stand, and a floor for the
 * neighbours' mean so that one tiny flicker after a still stretch is not
 * a cut. */
#define NEIGHBOUR_RATIO 3.0
#define NEIGHBOUR_FLOOR 0.1
/* The frame after a cut differs at most this share of the cut. */
#define STEADY_SHARE 0.5
/* A frame that differs less than this share of the cut from the frame
 * before the cut shows the old scene again. */
#define BACK_SHARE 0.35
/* A change at least this much one way in brightness may be a flash. */
#define FLASH_BRIGHTNESS_SHARE 0.7
/* A change that a scroll explains at least this much is the scroll. */
#define MIN_SCROLLED_SHARE 0.6

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

void
scd_scene_decision_remember (ScdSceneDecision *decision, double difference)
{
  decision->history[decision->next_history] = difference;
  decision->next_history = (decision->next_history + 1) % SCD_SCENE_HISTORY;
  decision->n_history = MIN (decision->n_history + 1, SCD_SCENE_HISTORY);
}

gboolean
scd_scene_decision_too_soon (const ScdSceneDecision *decision,
                             const ScdSceneParams *params,
                             double timestamp)
{
  return decision->have_last && timestamp - decision->last_written < params->min_scene_length;
}

/* Whether a frame with @score and @difference may start a scene: it still
 * has to pass scd_cut_candidate_next(). */
gboolean
scd_scene_decision_stands_out (const ScdSceneDecision *decision,
                               const ScdSceneParams *params,
                               double timestamp,
                               double score,
                               double difference)
{
  return decision->have_last && score >= params->threshold
         && difference >= NEIGHBOUR_RATIO * (neighbour_mean (decision) + NEIGHBOUR_FLOOR)
         && !scd_scene_decision_too_soon (decision, params, timestamp);
}

/* Whether a frame that stands out is a scroll in a window, from the share
 * of its change that the scroll explains (scd-scene-motion.c). What a
 * scroll brings into view is new, so the share stays under 1 even for a
 * pure scroll; a new page on the same template lines up with the old one
 * in a few places only. */
gboolean
scd_scene_decision_scrolled (double scrolled_share)
{
  return scrolled_share >= MIN_SCROLLED_SHARE;
}

gboolean
scd_scene_decision_interval_due (const ScdSceneDecision *decision,
                                 const ScdSceneParams *params,
                                 double timestamp)
{
  return decision->have_last && params->max_frame_interval > 0.0
         && timestamp - decision->last_written >= params->max_frame_interval;
}

void
scd_scene_decision_written (ScdSceneDecision *decision, double timestamp)
{
  decision->have_last = TRUE;
  decision->last_written = timestamp;
}

/* @difference: the candidate's scd_scene_difference() from the frame
 * before; @brightness_share: how much of the change of lightness goes one
 * way (scd_scene_brightness_share()). */
void
scd_cut_candidate_init (ScdCutCandidate *candidate, double difference, double brightness_share)
{
  *candidate = (ScdCutCandidate) {
    .difference = difference,
    .wait = brightness_share >= FLASH_BRIGHTNESS_SHARE ? SCD_CUT_MAX_WAIT : 1,
  };
}

/* One more frame after the candidate: its @difference from the frame
 * before it, and its @back_difference from the frame before the
 * candidate. */
ScdCutVerdict
scd_cut_candidate_next (ScdCutCandidate *candidate, double difference, double back_difference)
{
  candidate->seen++;
  if (candidate->seen == 1 && difference > STEADY_SHARE * candidate->difference)
    return SCD_CUT_REJECTED;
  if (back_difference < BACK_SHARE * candidate->difference)
    return SCD_CUT_REJECTED;
  return candidate->seen >= candidate->wait ? SCD_CUT_CONFIRMED : SCD_CUT_WAIT;
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
