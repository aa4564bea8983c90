/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The decision is kept apart from the images so that the rules are tested
 * with numbers alone (tests/unit/test-scene-decision.c).
 *
 * A cut stands out: its score (the share of the picture that changed) is
 * at least the threshold, and it is at least three times what the few
 * frames before it usually show, so the steady change of a pan, a fade or
 * noise does not stand out. Either of two measures may stand out: the
 * difference from the frame before (scd_scene_difference(): how far apart
 * the two are), or the score itself. The score saturates once every part
 * moved a little, so in a pan only the difference can stand out; in a
 * busy shot a colour grade changes little more than the motion does, but
 * all of the picture at once, so only the score stands out. Then it must
 * be followed by a new scene, not by more change: a frame that stands out
 * is only a candidate until the frames after it are seen
 * (scd-scene-detector.c holds it meanwhile).
 *
 * - The frame after a cut is steady: it differs from the one before it
 *   much less than the cut did, both counted above the usual difference.
 *   When it differs somewhat less, one more frame tells a shot that opens
 *   with fast motion from an object sweeping in: the first settles and
 *   draws away from the old scene, the second goes on changing. A change
 *   of most of the picture is a new shot however busy, unless it may be
 *   the first step of a fade.
 *   After the first frame of a whip pan, a zoom, a noise burst or a
 *   one-frame flash, the change goes on, so it is not a cut. This costs
 *   every cut one frame of latency.
 * - A blank between two scenes (a slide deck clears the screen for a
 *   frame) is flat, and the frame after it changes far more than it did,
 *   to something other than the old scene: the blank is no cut, and the
 *   frame after it is judged on its own.
 * - A flash ends by going back: some frame after it looks like the frame
 *   before it again. Only a change that is mostly one of brightness, to a
 *   flat picture (white, black) or to the same picture lit otherwise, can
 *   be a flash, so only such a change waits the SCD_CUT_MAX_WAIT frames a
 *   three-frame flash needs to end; others, a cut to a darker shot among
 *   them, are confirmed after one.
 */
#include "scd-scene-decision.h"
#include "scd-scene-tuning.h"

/* How far above its neighbours a cut must stand, and a floor for the
 * neighbours' mean so that one tiny flicker after a still stretch is not
 * a cut (neighbour-ratio, neighbour-floor).
 *
 * The same floor for the neighbours' scores, in percent (neighbour-score-floor).
 *
 * The frame after a cut differs at most this share of the cut, both above
 * the usual difference of the frames before; one that differs more than
 * unsteady-share goes on changing. In between, the next frame tells: a new
 * shot settles (it differs at most settling-share of the frame before it)
 * and, still moving, stays as far from the old scene as the cut took it,
 * give or take what motion makes that distance waver (further-share);
 * an object sweeping in goes on changing, and a change made in two steps
 * that settles near the old picture (a line of text appearing) is no
 * new scene (steady-share).
 *
 * A frame after the cut that is not steady and differs this much more
 * from the frame before the cut than the cut did is no new scene settling:
 * the change goes on growing, as when an object sweeps in and covers more
 * of the old scene. A new shot that moves draws no further from the old
 * one than its first frame did, unless the cut changed most of the
 * picture (whole-share): then nothing of the old scene is left to cover,
 * and a new shot of fast motion (a plasma, a crowd) grows away from it.
 * Out of a flat picture (black) anything grows: that is a shot fading
 * in, reported at its first frame as other detectors do (growing-share,
 * unsteady-share, settling-share).
 *
 * A frame that differs less than this share of the cut from the frame
 * before the cut shows the old scene again (back-share).
 *
 * A change at least this much one way in brightness may be a flash (flash-brightness-share).
 *
 * A change this small (scd_scene_changed_share()) that reaches the edge
 * may be a thing coming in. While it comes in only its front edge is new,
 * so the frames after it change little, as after a cut; once it is in, it
 * moves as much as it came. Such a candidate waits SCD_CUT_MAX_WAIT
 * frames, and is no cut if one of them changes nearly as much as it did
 * (unsteady-share) (entering-share).
 *
 * A change over at least this share of the picture
 * (scd_scene_changed_share()) is a new picture, not something moving in
 * or appearing in the old one: a new shot that opens busy (a crowd, the
 * game of life) may go on changing nearly as much as it first did, and
 * is still a new scene. Unless nearly all of its change is one way in
 * brightness: that may be the first step of a fade, which the frames after
 * continue (whole-share, fade-step-brightness-share).
 *
 * A change that a scroll explains at least this much is the scroll (min-scrolled-share).
 *
 * Before any of that, a frame that stands out must change enough of what
 * the picture shows (scd-scene-content.c, content-share), replace some
 * of what it showed rather than only add to it (added-share), and not be
 * one box drawn over it (scd-scene-box.c: popup-box, popup-fill,
 * popup-border): a change this small, or a popup, leaves the scene as it
 * was. A change that reaches the edge is a thing coming in only while it
 * is a small part of what the picture shows (entering-content): a tab of
 * a text interface replaced at the edge is a new view. */

void
scd_scene_decision_init (ScdSceneDecision *decision)
{
  *decision = (ScdSceneDecision){ 0 };
}

static double
mean (const double *values, guint n)
{
  double sum = 0.0;

  for (guint i = 0; i < n; i++)
    sum += values[i];
  return n > 0 ? sum / n : 0.0;
}

/* The mean difference of the last few frames: how much the picture
 * usually changes from one frame to the next here. */
double
scd_scene_decision_usual_difference (const ScdSceneDecision *decision)
{
  return mean (decision->differences, decision->n_history);
}

void
scd_scene_decision_remember (ScdSceneDecision *decision, double score, double difference)
{
  decision->differences[decision->next_history] = difference;
  decision->scores[decision->next_history] = score;
  decision->next_history = (decision->next_history + 1) % SCD_SCENE_HISTORY;
  decision->n_history = MIN (decision->n_history + 1, SCD_SCENE_HISTORY);
}

/* Whether a change of @score at @timestamp comes too soon after the last
 * frame written to start a scene of its own: within the minimum scene
 * length, unless it is much stronger than the change that started the
 * scene (stronger-share times its score), which then was no more than a
 * change inside the scene before, and must not hide this one. */
gboolean
scd_scene_decision_too_soon (const ScdSceneDecision *decision,
                             const ScdSceneParams *params,
                             double timestamp,
                             double score)
{
  return decision->have_last && timestamp - decision->last_written < params->min_scene_length
         && score < scd_tune (SCD_TUNE_STRONGER_SHARE) * decision->last_score;
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
  double usual_score = mean (decision->scores, decision->n_history);

  return decision->have_last && score >= params->threshold
         && (difference >= scd_tune (SCD_TUNE_NEIGHBOUR_RATIO)
                               * (scd_scene_decision_usual_difference (decision)
                                  + scd_tune (SCD_TUNE_NEIGHBOUR_FLOOR))
             || score >= scd_tune (SCD_TUNE_NEIGHBOUR_RATIO)
                             * (usual_score + scd_tune (SCD_TUNE_NEIGHBOUR_SCORE_FLOOR)))
         && !scd_scene_decision_too_soon (decision, params, timestamp, score);
}

/* Whether a frame that stands out is a scroll in a window, from the share
 * of its change that the scroll explains (scd-scene-motion.c). What a
 * scroll brings into view is new, so the share stays under 1 even for a
 * pure scroll; a new page on the same template lines up with the old one
 * in a few places only. */
gboolean
scd_scene_decision_scrolled (double scrolled_share)
{
  return scrolled_share >= scd_tune (SCD_TUNE_MIN_SCROLLED_SHARE);
}

/* Whether a frame that stands out with @score changed too little of what
 * the picture shows to be a new scene (scd-scene-content.c): a caption, a
 * counter, a popup or a line typed over a picture that stays. A change of
 * overlay-max-score of the picture or more is a new picture, whatever it
 * shows: text rewritten in the same layout changes little of its detail
 * where words happen to line up. */
gboolean
scd_scene_decision_overlay (double content, double score)
{
  return content < scd_tune (SCD_TUNE_CONTENT_SHARE)
         && score < scd_tune (SCD_TUNE_OVERLAY_MAX_SCORE);
}

/* Whether a frame that stands out only added to the picture: of what the
 * frame before showed (its detail), less than added-share went. Output
 * under a prompt, a notebook cell, a point revealed on the same slide,
 * a menu over a bare part of a window, a person walking into a still
 * shot. A new slide, page, window or shot replaces what was there; a
 * picture that showed nothing (scd-scene-content.c) counts as replaced. */
gboolean
scd_scene_decision_added (double went)
{
  return went < scd_tune (SCD_TUNE_ADDED_SHARE);
}

/* Whether a frame that stands out drew a popup (scd-scene-box.c): an
 * opaque box (popup-fill of it changed, and popup-border of its outline)
 * over less than popup-box of the picture, the rest unchanged: a menu,
 * a dropdown, a dialog, a notification. */
gboolean
scd_scene_decision_popup (const ScdSceneChangeBox *change)
{
  return change->box > 0.0 && change->box < scd_tune (SCD_TUNE_POPUP_BOX)
         && change->fill >= scd_tune (SCD_TUNE_POPUP_FILL)
         && change->border >= scd_tune (SCD_TUNE_POPUP_BORDER);
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
scd_scene_decision_written (ScdSceneDecision *decision, double timestamp, double score)
{
  decision->have_last = TRUE;
  decision->last_written = timestamp;
  decision->last_score = score;
}

/* @difference: the candidate's scd_scene_difference() from the frame
 * before; @usual_difference: scd_scene_decision_usual_difference() before
 * it; @brightness_share: how much of the change of lightness goes one way
 * (scd_scene_brightness_share()); @relit: whether the candidate is flat or
 * the frame before lit otherwise (scd_scene_image_is_flat(),
 * scd_scene_relit()); @from_flat: whether the frame before it is flat;
 * @changed_share, @changed_at_edge: how much of the picture changed and
 * whether that reaches its edge (scd_scene_changed_share()). */
void
scd_cut_candidate_init (ScdCutCandidate *candidate, const ScdCutEvidence *e)
{
  gboolean may_be_flash = e->brightness_share >= scd_tune (SCD_TUNE_FLASH_BRIGHTNESS_SHARE)
                          && e->relit;
  gboolean entering = e->changed_at_edge && e->changed_share < scd_tune (SCD_TUNE_ENTERING_SHARE)
                      && e->content < scd_tune (SCD_TUNE_ENTERING_CONTENT);
  gboolean whole = e->changed_share >= scd_tune (SCD_TUNE_WHOLE_SHARE)
                   && e->brightness_share < scd_tune (SCD_TUNE_FADE_STEP_BRIGHTNESS_SHARE);

  *candidate = (ScdCutCandidate){
    .difference = e->difference,
    .usual = e->usual_difference,
    .wait = may_be_flash || entering ? SCD_CUT_MAX_WAIT : 1,
    .from_flat = e->from_flat,
    .flat = e->flat,
    .entering = entering,
    .whole = whole,
  };
}

/* One more frame after the candidate: its @difference from the frame
 * before it, and its @back_difference from the frame before the
 * candidate. */
static ScdCutVerdict
reject (ScdCutCandidate *candidate, const char *rule)
{
  candidate->rule = rule;
  return SCD_CUT_REJECTED;
}

ScdCutVerdict
scd_cut_candidate_next (ScdCutCandidate *candidate, double difference, double back_difference)
{
  double excess = difference - candidate->usual;
  double cut_excess = MAX (0.0, candidate->difference - candidate->usual);

  candidate->seen++;
  if (candidate->seen == 1)
    {
      if (excess > scd_tune (SCD_TUNE_UNSTEADY_SHARE) * cut_excess)
        {
          /* A blank between two scenes (a slide deck clearing the
           * screen): the frame after it is the next scene, unless it is
           * the old one again (a flash). */
          if (candidate->flat
              && back_difference >= scd_tune (SCD_TUNE_BACK_SHARE) * candidate->difference)
            {
              candidate->rule = "a blank before the next scene";
              return SCD_CUT_PASSED_ON;
            }
          return reject (candidate, "the change went on (unsteady-share)");
        }
      if (excess > scd_tune (SCD_TUNE_STEADY_SHARE) * cut_excess)
        {
          if (!candidate->from_flat && !candidate->whole
              && back_difference > scd_tune (SCD_TUNE_GROWING_SHARE) * candidate->difference)
            return reject (candidate, "the change grew (growing-share)");
          candidate->settling = excess;
          candidate->wait = MAX (candidate->wait, 2);
        }
    }
  else if (candidate->seen == 2 && candidate->settling > 0.0 && !candidate->whole
           && (excess > scd_tune (SCD_TUNE_SETTLING_SHARE) * candidate->settling
               || back_difference < scd_tune (SCD_TUNE_FURTHER_SHARE) * candidate->difference))
    return reject (candidate, "it did not settle into a new scene (settling-share)");
  else if (candidate->entering && excess > scd_tune (SCD_TUNE_UNSTEADY_SHARE) * cut_excess)
    return reject (candidate, "a thing came in and went on moving (entering-share)");
  if (back_difference < scd_tune (SCD_TUNE_BACK_SHARE) * candidate->difference)
    return reject (candidate, "the old scene came back (back-share)");
  if (candidate->seen < candidate->wait)
    return SCD_CUT_WAIT;
  candidate->rule = candidate->wait > 1 ? "steady for the frames it waited"
                                        : "the next frame is steady";
  return SCD_CUT_CONFIRMED;
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
    case SCD_FRAME_REASON_SETTLED:
      return "settled";
    case SCD_FRAME_REASON_CANDIDATE:
      return "candidate";
    case SCD_FRAME_REASON_NONE:
    default:
      return "none";
    }
}
