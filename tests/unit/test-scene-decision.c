/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Threshold, neighbourhood, minimum scene length and maximum interval.
 */
#include <string.h>

#include "scd-scene-decision.h"

static const ScdSceneParams defaults = { 5.0, 0.5, 0.0 };

/* Feeds @scores at 25 fps and returns the reasons as a string of letters:
 * '.' none, 'F' first, 'S' scene, 'I' interval. */
static char *
run (const ScdSceneParams *params, const double *scores, gsize n)
{
  ScdSceneDecision decision;
  GString *out = g_string_new (NULL);

  scd_scene_decision_init (&decision);
  for (gsize i = 0; i < n; i++)
    {
      switch (scd_scene_decision_take (&decision, params, i / 25.0, scores[i]))
        {
        case SCD_FRAME_REASON_FIRST:
          g_string_append_c (out, 'F');
          break;
        case SCD_FRAME_REASON_SCENE:
          g_string_append_c (out, 'S');
          break;
        case SCD_FRAME_REASON_INTERVAL:
          g_string_append_c (out, 'I');
          break;
        default:
          g_string_append_c (out, '.');
        }
    }
  return g_string_free (out, FALSE);
}

static void
test_cut (void)
{
  const double scores[] = { 0, 0.1, 0.2, 0.1, 0.1, 0.1, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 40, 0.1 };
  g_autofree char *got = run (&defaults, scores, G_N_ELEMENTS (scores));

  g_assert_cmpstr (got, ==, "F.............S.");
}

static void
test_below_threshold (void)
{
  const double scores[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4.9, 0 };
  g_autofree char *got = run (&defaults, scores, G_N_ELEMENTS (scores));

  g_assert_cmpint (got[0], ==, 'F');
  g_assert_null (strchr (got, 'S'));
}

static void
test_steady_change_is_not_a_cut (void)
{
  /* A fast pan: every frame differs by about the same amount. */
  double scores[40];
  g_autofree char *got = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    scores[i] = i == 0 ? 0 : 8.0 + (i % 3);
  got = run (&defaults, scores, G_N_ELEMENTS (scores));
  /* Only the very first frames of the pan, before the neighbourhood fills,
   * may stand out; the rest never do. */
  g_assert_null (strchr (got + 3, 'S'));
}

static void
test_min_scene_length (void)
{
  /* Two cuts 0.2 s apart: the second is too soon. */
  double scores[30] = { 0 };
  g_autofree char *got = NULL;

  scores[14] = 40;
  scores[19] = 80;
  got = run (&defaults, scores, G_N_ELEMENTS (scores));
  g_assert_cmpint (got[14], ==, 'S');
  g_assert_cmpint (got[19], ==, '.');
}

static void
test_interval (void)
{
  const ScdSceneParams params = { 5.0, 0.5, 1.0 };
  double scores[60] = { 0 };
  g_autofree char *got = run (&params, scores, G_N_ELEMENTS (scores));

  /* 25 fps, one frame a second with no change at all. */
  g_assert_cmpint (got[0], ==, 'F');
  g_assert_cmpint (got[25], ==, 'I');
  g_assert_cmpint (got[50], ==, 'I');
  g_assert_cmpuint (strlen (got), ==, 60);
  for (guint i = 1; i < 60; i++)
    if (i != 25 && i != 50)
      g_assert_cmpint (got[i], ==, '.');
}

static void
test_threshold_change_applies (void)
{
  ScdSceneDecision decision;
  ScdSceneParams params = defaults;

  scd_scene_decision_init (&decision);
  g_assert_cmpint (scd_scene_decision_take (&decision, &params, 0.0, 0), ==, SCD_FRAME_REASON_FIRST);
  g_assert_cmpint (scd_scene_decision_take (&decision, &params, 1.0, 20), ==, SCD_FRAME_REASON_SCENE);
  params.threshold = 50.0;
  g_assert_cmpint (scd_scene_decision_take (&decision, &params, 2.0, 0), ==, SCD_FRAME_REASON_NONE);
  g_assert_cmpint (scd_scene_decision_take (&decision, &params, 3.0, 40), ==, SCD_FRAME_REASON_NONE);
}

static void
test_reason_names (void)
{
  g_assert_cmpstr (scd_frame_reason_to_string (SCD_FRAME_REASON_FIRST), ==, "first");
  g_assert_cmpstr (scd_frame_reason_to_string (SCD_FRAME_REASON_SCENE), ==, "scene");
  g_assert_cmpstr (scd_frame_reason_to_string (SCD_FRAME_REASON_INTERVAL), ==, "interval");
  g_assert_cmpstr (scd_frame_reason_to_string (SCD_FRAME_REASON_CAPTURE), ==, "capture");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scene-decision/cut", test_cut);
  g_test_add_func ("/scene-decision/below-threshold", test_below_threshold);
  g_test_add_func ("/scene-decision/steady-change", test_steady_change_is_not_a_cut);
  g_test_add_func ("/scene-decision/min-scene-length", test_min_scene_length);
  g_test_add_func ("/scene-decision/interval", test_interval);
  g_test_add_func ("/scene-decision/threshold-change", test_threshold_change_applies);
  g_test_add_func ("/scene-decision/reason-names", test_reason_names);
  return g_test_run ();
}
