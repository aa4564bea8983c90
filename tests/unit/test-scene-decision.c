/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The rules of scd-scene-decision.c, with numbers alone: what stands out,
 * what the frames after a candidate make of it, minimum scene length and
 * maximum interval.
 */
#include "scd-scene-decision.h"

static const ScdSceneParams defaults = { 5.0, 0.5, 0.0 };
/* The share of the picture a candidate changed, where a test does not say:
 * a part of it, neither a thing at its edge nor the whole. */
#define PART 0.3

/* A decision that has written its first frame at 0 s and seen @n frames
 * with @score and @difference each. */
static void
init_after (ScdSceneDecision *decision, guint n, double score, double difference)
{
  scd_scene_decision_init (decision);
  scd_scene_decision_written (decision, 0.0, 100.0);
  for (guint i = 0; i < n; i++)
    scd_scene_decision_remember (decision, score, difference);
}

static void
test_stands_out (void)
{
  ScdSceneDecision decision;

  init_after (&decision, 10, 0.5, 0.1);
  /* A slide change: a tenth of the picture, far above still frames. */
  g_assert_true (scd_scene_decision_stands_out (&decision, &defaults, 2.0, 10.0, 0.7));
  /* Below the threshold: typing, a pointer. */
  g_assert_false (scd_scene_decision_stands_out (&decision, &defaults, 2.0, 4.9, 0.7));
}

static void
test_steady_change_does_not_stand_out (void)
{
  ScdSceneDecision decision;

  /* A pan: every frame differs by about 3; one that differs by 6 is not
   * three times above its neighbours. */
  init_after (&decision, 10, 80.0, 3.0);
  g_assert_false (scd_scene_decision_stands_out (&decision, &defaults, 2.0, 80.0, 6.0));
  g_assert_true (scd_scene_decision_stands_out (&decision, &defaults, 2.0, 80.0, 20.0));
}

static void
test_busy_colour_change_stands_out (void)
{
  ScdSceneDecision decision;

  /* A busy shot: a seventh of the picture changes each frame, by about
   * 1. A colour grade cut changes all of it, but adds little to the
   * difference. */
  init_after (&decision, 10, 14.0, 1.0);
  g_assert_false (scd_scene_decision_stands_out (&decision, &defaults, 2.0, 30.0, 1.2));
  g_assert_true (scd_scene_decision_stands_out (&decision, &defaults, 2.0, 99.8, 2.7));
}

static void
test_no_scene_before_first (void)
{
  ScdSceneDecision decision;

  scd_scene_decision_init (&decision);
  g_assert_false (scd_scene_decision_stands_out (&decision, &defaults, 0.0, 100.0, 50.0));
}

/* Within the minimum scene length a change is no scene of its own,
 * unless it is much stronger than the one that started the scene: a
 * counter ticking over must not hide the cut after it. */
static void
test_min_scene_length (void)
{
  const ScdSceneParams params = { 5.0, 0.5, 0.0 };
  ScdSceneDecision decision;

  init_after (&decision, 10, 0.5, 0.1);
  scd_scene_decision_written (&decision, 1.0, 60.0);
  g_assert_true (scd_scene_decision_too_soon (&decision, &params, 1.3, 90.0));
  g_assert_false (scd_scene_decision_stands_out (&decision, &params, 1.3, 90.0, 40.0));
  g_assert_false (scd_scene_decision_too_soon (&decision, &params, 1.5, 90.0));
  g_assert_true (scd_scene_decision_stands_out (&decision, &params, 1.5, 90.0, 40.0));

  scd_scene_decision_written (&decision, 2.0, 6.0);
  g_assert_true (scd_scene_decision_too_soon (&decision, &params, 2.3, 11.0));
  g_assert_false (scd_scene_decision_too_soon (&decision, &params, 2.3, 90.0));
  g_assert_true (scd_scene_decision_stands_out (&decision, &params, 2.3, 90.0, 40.0));
}

static void
test_interval (void)
{
  const ScdSceneParams params = { 5.0, 0.5, 1.0 };
  ScdSceneDecision decision;

  init_after (&decision, 0, 0.0, 0.0);
  g_assert_false (scd_scene_decision_interval_due (&decision, &params, 0.96));
  g_assert_true (scd_scene_decision_interval_due (&decision, &params, 1.0));
  scd_scene_decision_written (&decision, 1.0, 0.0);
  g_assert_false (scd_scene_decision_interval_due (&decision, &params, 1.5));
  g_assert_false (scd_scene_decision_interval_due (&decision, &defaults, 100.0));
}

/* Feeds the frames after a candidate that differed by @cut, as pairs
 * (difference from the frame before, difference from the frame before the
 * candidate), and returns the verdict at the end. */
static ScdCutVerdict
follow_from (gboolean from_flat,
             double cut,
             double usual,
             double brightness_share,
             const double *after,
             guint n)
{
  ScdCutCandidate candidate;
  ScdCutVerdict verdict = SCD_CUT_WAIT;

  scd_cut_candidate_init (&candidate, &(ScdCutEvidence){ .difference = cut,
                                                         .usual_difference = usual,
                                                         .brightness_share = brightness_share,
                                                         .relit = TRUE,
                                                         .from_flat = from_flat,
                                                         .changed_share = PART,
                                                         .changed_at_edge = TRUE });
  for (guint i = 0; i < n && verdict == SCD_CUT_WAIT; i++)
    verdict = scd_cut_candidate_next (&candidate, after[2 * i], after[2 * i + 1]);
  return verdict;
}

static ScdCutVerdict
follow (double cut, double usual, double brightness_share, const double *after, guint n)
{
  return follow_from (FALSE, cut, usual, brightness_share, after, n);
}

static void
test_cut_confirmed_after_one_frame (void)
{
  const double after[] = { 0.4, 30.0 };
  /* A colour grade cut in a busy shot, where frames usually differ by
   * about 1: the next frame is back to that. */
  const double busy[] = { 1.2, 4.6 };

  g_assert_cmpint (follow (30.0, 0.1, 0.1, after, 1), ==, SCD_CUT_CONFIRMED);
  g_assert_cmpint (follow (4.58, 0.98, 0.1, busy, 1), ==, SCD_CUT_CONFIRMED);
}

static void
test_motion_onset_rejected (void)
{
  /* A whip pan or a noise burst: the change goes on. */
  const double after[] = { 25.0, 40.0 };

  g_assert_cmpint (follow (30.0, 0.1, 0.1, after, 1), ==, SCD_CUT_REJECTED);
}

static void
test_object_entering_rejected (void)
{
  /* A box sweeping in: it came into view, and it goes on moving by
   * almost half as much as it came in, and more. */
  const double after[] = { 0.49, 1.2, 0.63, 1.6 };

  g_assert_cmpint (follow (1.01, 0.1, 0.1, after, 2), ==, SCD_CUT_REJECTED);
}

static void
test_object_covering_rejected (void)
{
  /* A red box coming in from the edge over a drifting shot: the next
   * frame settles somewhat, as a new shot would, but the box covers more
   * of the old scene: the change grows. (sweep-25p-720 of
   * bench/scene-accuracy --variant 1, frame 28.) */
  const double after[] = { 1.51, 4.33, 1.23, 5.30 };

  g_assert_cmpint (follow (2.56, 0.67, 0.3, after, 2), ==, SCD_CUT_REJECTED);
}

static void
test_settling_shot_confirmed (void)
{
  /* A cut from a still shot to one that opens moving fast: it settles. */
  const double after[] = { 3.07, 7.5, 2.40, 7.6 };
  /* A cut from black to a shot that goes on fading in: it grows, but out
   * of black that is the new shot (testvideo.mp4, frame 394). */
  const double fading_in[] = { 3.07, 10.53, 2.40, 12.9 };

  g_assert_cmpint (follow (7.46, 0.0, 0.1, after, 1), ==, SCD_CUT_WAIT);
  g_assert_cmpint (follow (7.46, 0.0, 0.1, after, 2), ==, SCD_CUT_CONFIRMED);
  g_assert_cmpint (follow (7.46, 0.0, 0.1, fading_in, 2), ==, SCD_CUT_REJECTED);
  g_assert_cmpint (follow_from (TRUE, 7.46, 0.0, 0.1, fading_in, 2), ==, SCD_CUT_CONFIRMED);
}

static void
test_two_step_change_rejected (void)
{
  /* A line of text appearing over two frames, in a shot that moves a
   * little: it settles, but close to the picture before. */
  const double after[] = { 0.50, 0.65, 0.19, 0.73 };

  g_assert_cmpint (follow (0.91, 0.12, 0.1, after, 2), ==, SCD_CUT_REJECTED);
}

static void
test_flashes_rejected (void)
{
  /* One white frame: the next one goes straight back. */
  const double one[] = { 40.0, 1.0 };
  /* Three white frames: steady, steady, then back. */
  const double three[] = { 0.2, 40.0, 0.2, 40.0, 40.0, 1.5 };

  g_assert_cmpint (follow (40.0, 0.1, 1.0, one, 1), ==, SCD_CUT_REJECTED);
  g_assert_cmpint (follow (40.0, 0.1, 1.0, three, 3), ==, SCD_CUT_REJECTED);
}

static void
test_cut_to_black_waits (void)
{
  /* All darker, like a flash: it waits SCD_CUT_MAX_WAIT frames, then, the
   * old scene not being back, it is a cut. */
  const double after[] = { 0.1, 30.0, 0.1, 30.0, 0.1, 30.0 };
  ScdCutCandidate candidate;

  scd_cut_candidate_init (&candidate, &(ScdCutEvidence){ .difference = 30.0,
                                                         .usual_difference = 0.1,
                                                         .brightness_share = 1.0,
                                                         .relit = TRUE,
                                                         .from_flat = FALSE,
                                                         .changed_share = 1.0,
                                                         .changed_at_edge = TRUE });
  g_assert_cmpint (scd_cut_candidate_next (&candidate, after[0], after[1]), ==, SCD_CUT_WAIT);
  g_assert_cmpint (scd_cut_candidate_next (&candidate, after[2], after[3]), ==, SCD_CUT_WAIT);
  g_assert_cmpint (scd_cut_candidate_next (&candidate, after[4], after[5]), ==, SCD_CUT_CONFIRMED);
  g_assert_cmpuint (SCD_CUT_MAX_WAIT, ==, 3);
}

static void
test_cut_to_darker_shot_at_once (void)
{
  /* All darker, but another picture, not black: no flash looks like
   * that, so it is confirmed after one frame. */
  ScdCutCandidate candidate;

  scd_cut_candidate_init (&candidate, &(ScdCutEvidence){ .difference = 30.0,
                                                         .usual_difference = 0.1,
                                                         .brightness_share = 1.0,
                                                         .relit = FALSE,
                                                         .from_flat = FALSE,
                                                         .changed_share = 1.0,
                                                         .changed_at_edge = TRUE });
  g_assert_cmpint (scd_cut_candidate_next (&candidate, 0.1, 30.0), ==, SCD_CUT_CONFIRMED);
}

/* A candidate whose change covers @share of the picture, reaching its edge
 * or not, followed by @after as in follow_from(). */
static ScdCutVerdict
follow_change (double share,
               gboolean at_edge,
               double cut,
               double usual,
               const double *after,
               guint n)
{
  ScdCutCandidate candidate;
  ScdCutVerdict verdict = SCD_CUT_WAIT;

  scd_cut_candidate_init (&candidate, &(ScdCutEvidence){ .difference = cut,
                                                         .usual_difference = usual,
                                                         .brightness_share = 0.1,
                                                         .relit = FALSE,
                                                         .from_flat = FALSE,
                                                         .changed_share = share,
                                                         .changed_at_edge = at_edge });
  for (guint i = 0; i < n && verdict == SCD_CUT_WAIT; i++)
    verdict = scd_cut_candidate_next (&candidate, after[2 * i], after[2 * i + 1]);
  return verdict;
}

static void
test_thing_coming_in (void)
{
  /* A box a third of the picture wide sweeps in from the side at 25 fps
   * (bench variant 2, sweep-25p-720, frame 205): it changes 11 % of the
   * picture, at the edge; the two frames after only bring more of it in
   * (0.82 and 0.85, about usual), and the one after that moves it as much
   * as it came (2.87). */
  const double box[] = { 0.82, 3.50, 0.85, 4.20, 2.87, 4.90 };
  /* A new window over part of the screen, at the edge, that stays. */
  const double window[] = { 0.60, 2.90, 0.55, 2.95, 0.58, 2.92 };
  /* Text changed in the middle of a slide: no edge, confirmed at once. */
  const double slide[] = { 0.02, 1.10 };

  g_assert_cmpint (follow_change (0.107, TRUE, 2.77, 0.53, box, 2), ==, SCD_CUT_WAIT);
  g_assert_cmpint (follow_change (0.107, TRUE, 2.77, 0.53, box, 3), ==, SCD_CUT_REJECTED);
  /* Over the whole picture, the same numbers are a cut. */
  g_assert_cmpint (follow_change (1.0, TRUE, 2.77, 0.53, box, 1), ==, SCD_CUT_CONFIRMED);
  g_assert_cmpint (follow_change (0.107, TRUE, 2.77, 0.53, window, 2), ==, SCD_CUT_WAIT);
  g_assert_cmpint (follow_change (0.107, TRUE, 2.77, 0.53, window, 3), ==, SCD_CUT_CONFIRMED);
  g_assert_cmpint (follow_change (0.03, FALSE, 1.10, 0.01, slide, 1), ==, SCD_CUT_CONFIRMED);
}

static void
test_cut_into_fast_motion (void)
{
  /* A still pan, then a cut to a plasma that moves fast (bench variant
   * 12, motion-zoom-pan-25p-720, frame 304): 71 % of the picture changed,
   * up to the edge. The frames after each change a quarter as much as the
   * cut (0.59 against 2.17), and moving, they draw further from the still
   * than the cut did (back differences beyond growing-share). */
  const double plasma[] = { 0.59, 2.95, 0.59, 3.05 };

  g_assert_cmpint (follow_change (0.71, TRUE, 2.17, 0.01, plasma, 2), ==, SCD_CUT_CONFIRMED);
  /* Over a part of the picture, the same numbers are a thing sweeping in
   * and covering more of it. */
  g_assert_cmpint (follow_change (PART, FALSE, 2.17, 0.01, plasma, 2), ==, SCD_CUT_REJECTED);
}

static void
test_busy_shot_keeps_its_distance (void)
{
  /* A still, then a cut to the game of life at 10 fps (bench variant 12,
   * motion-10p-720, frame 39): 44 % of the picture, up to the edge. The
   * frame after changes more than steady-share of the cut (2.47 against
   * 8.77), the one after that settles (0.50), and the cells come and go:
   * 8.64 from the still where the cut was 8.77, 1.5 % nearer, not further.
   * A moving shot's distance from the old picture wavers (further-share). */
  const double life[] = { 2.47, 8.75, 0.50, 8.64 };
  /* The same, drifting back a fifth of the way: a change that is undoing
   * itself. */
  const double undoing[] = { 2.47, 8.75, 0.50, 7.00 };

  g_assert_cmpint (follow_change (0.44, TRUE, 8.77, 0.19, life, 2), ==, SCD_CUT_CONFIRMED);
  g_assert_cmpint (follow_change (0.44, TRUE, 8.77, 0.19, undoing, 2), ==, SCD_CUT_REJECTED);
}

static void
test_busy_shot_after_a_still (void)
{
  /* A still, then a cut to the game of life at 10 fps, which changes
   * nearly a third as much as the cut every frame, and keeps to that pace
   * (bench/scene-accuracy --variant 6, hard-cut-10p-720, frame 105): 76 %
   * of the picture changed, mostly brighter. */
  const double busy[] = { 6.83, 23.18, 6.34, 21.04 };
  /* The first two steps of a fade to black at 10 fps (variant 3,
   * gradual-10p-1080, frame 41): all of the picture, all darker. */
  const double fade[] = { 12.31, 57.97, 13.81, 44.27 };
  ScdCutCandidate candidate;

  scd_cut_candidate_init (&candidate, &(ScdCutEvidence){ .difference = 22.64,
                                                         .usual_difference = 0.85,
                                                         .brightness_share = 0.83,
                                                         .relit = FALSE,
                                                         .from_flat = FALSE,
                                                         .changed_share = 0.76,
                                                         .changed_at_edge = TRUE });
  g_assert_cmpint (scd_cut_candidate_next (&candidate, busy[0], busy[1]), ==, SCD_CUT_WAIT);
  g_assert_cmpint (scd_cut_candidate_next (&candidate, busy[2], busy[3]), ==, SCD_CUT_CONFIRMED);
  /* Over a part of the picture, the same numbers are something moving
   * in it. */
  g_assert_cmpint (follow_change (0.3, TRUE, 22.64, 0.85, busy, 2), ==, SCD_CUT_REJECTED);

  scd_cut_candidate_init (&candidate, &(ScdCutEvidence){ .difference = 45.47,
                                                         .usual_difference = 0.85,
                                                         .brightness_share = 1.0,
                                                         .relit = FALSE,
                                                         .from_flat = FALSE,
                                                         .changed_share = 1.0,
                                                         .changed_at_edge = TRUE });
  g_assert_cmpint (scd_cut_candidate_next (&candidate, fade[0], fade[1]), ==, SCD_CUT_WAIT);
  g_assert_cmpint (scd_cut_candidate_next (&candidate, fade[2], fade[3]), ==, SCD_CUT_REJECTED);
}

static void
test_reason_names (void)
{
  g_assert_cmpstr (scd_frame_reason_to_string (SCD_FRAME_REASON_FIRST), ==, "first");
  g_assert_cmpstr (scd_frame_reason_to_string (SCD_FRAME_REASON_SCENE), ==, "scene");
  g_assert_cmpstr (scd_frame_reason_to_string (SCD_FRAME_REASON_INTERVAL), ==, "interval");
  g_assert_cmpstr (scd_frame_reason_to_string (SCD_FRAME_REASON_CAPTURE), ==, "capture");
  g_assert_cmpstr (scd_frame_reason_to_string (SCD_FRAME_REASON_SETTLED), ==, "settled");
  g_assert_cmpstr (scd_frame_reason_to_string (SCD_FRAME_REASON_CANDIDATE), ==, "candidate");
}

/* A slide deck that clears the screen for a frame between slides: the
 * blank is a candidate that the next frame changes far more than it did,
 * and that frame, the next slide, may start the scene itself. A frame of
 * black after which the old picture comes back is a flash: nothing is
 * passed on. */
static void
test_blank_between_slides (void)
{
  ScdCutCandidate candidate;
  ScdCutEvidence blank = { .difference = 0.49,
                           .usual_difference = 0.0,
                           .brightness_share = 0.9,
                           .relit = TRUE,
                           .flat = TRUE,
                           .content = 1.0,
                           .changed_share = 0.04 };

  /* screen_present_slides, frames 88-89: to the blank 0.49, the next
   * slide 6.81 from the blank and far from the slide before. */
  scd_cut_candidate_init (&candidate, &blank);
  g_assert_cmpint (scd_cut_candidate_next (&candidate, 6.81, 6.90), ==, SCD_CUT_PASSED_ON);

  /* The old slide again. */
  scd_cut_candidate_init (&candidate, &blank);
  g_assert_cmpint (scd_cut_candidate_next (&candidate, 0.49, 0.0), ==, SCD_CUT_REJECTED);

  /* Not flat: the change went on, which is no cut and starts none. */
  blank.flat = FALSE;
  scd_cut_candidate_init (&candidate, &blank);
  g_assert_cmpint (scd_cut_candidate_next (&candidate, 6.81, 6.90), ==, SCD_CUT_REJECTED);
}

/* A change at the edge over a small share of the picture is a thing
 * coming in only when it is a small part of what the picture shows: a
 * tab of a text interface replacing most of its text (screen_gitui_tabs,
 * 27.87 s: 3 % of the picture, 66 % of what it shows) is a new view. */
static void
test_view_replaced_at_the_edge (void)
{
  ScdCutCandidate candidate;
  ScdCutEvidence tab = { .difference = 4.23,
                         .usual_difference = 0.08,
                         .brightness_share = 0.2,
                         .changed_share = 0.03,
                         .changed_at_edge = TRUE,
                         .content = 0.66 };

  scd_cut_candidate_init (&candidate, &tab);
  g_assert_false (candidate.entering);
  g_assert_cmpint (scd_cut_candidate_next (&candidate, 0.50, 4.30), ==, SCD_CUT_CONFIRMED);

  tab.content = 0.1;
  scd_cut_candidate_init (&candidate, &tab);
  g_assert_true (candidate.entering);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scene-decision/stands-out", test_stands_out);
  g_test_add_func ("/scene-decision/object-entering", test_object_entering_rejected);
  g_test_add_func ("/scene-decision/object-covering", test_object_covering_rejected);
  g_test_add_func ("/scene-decision/settling-shot", test_settling_shot_confirmed);
  g_test_add_func ("/scene-decision/two-step-change", test_two_step_change_rejected);
  g_test_add_func ("/scene-decision/busy-colour-change", test_busy_colour_change_stands_out);
  g_test_add_func ("/scene-decision/steady-change", test_steady_change_does_not_stand_out);
  g_test_add_func ("/scene-decision/not-before-first", test_no_scene_before_first);
  g_test_add_func ("/scene-decision/min-scene-length", test_min_scene_length);
  g_test_add_func ("/scene-decision/interval", test_interval);
  g_test_add_func ("/scene-decision/cut-confirmed", test_cut_confirmed_after_one_frame);
  g_test_add_func ("/scene-decision/motion-onset", test_motion_onset_rejected);
  g_test_add_func ("/scene-decision/flashes", test_flashes_rejected);
  g_test_add_func ("/scene-decision/cut-to-black", test_cut_to_black_waits);
  g_test_add_func ("/scene-decision/cut-to-darker-shot", test_cut_to_darker_shot_at_once);
  g_test_add_func ("/scene-decision/thing-coming-in", test_thing_coming_in);
  g_test_add_func ("/scene-decision/busy-shot-after-a-still", test_busy_shot_after_a_still);
  g_test_add_func ("/scene-decision/cut-into-fast-motion", test_cut_into_fast_motion);
  g_test_add_func ("/scene-decision/busy-shot-keeps-its-distance",
                   test_busy_shot_keeps_its_distance);
  g_test_add_func ("/scene-decision/blank-between-slides", test_blank_between_slides);
  g_test_add_func ("/scene-decision/view-replaced-at-the-edge", test_view_replaced_at_the_edge);
  g_test_add_func ("/scene-decision/reason-names", test_reason_names);
  return g_test_run ();
}
