/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The detector's tuning table: every default is in its range, a constant
 * set at run time is the one the rules use, and bad names, values and
 * files are refused without changing anything.
 */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "scd-error.h"
#include "scd-scene-decision.h"
#include "scd-scene-tuning.h"

static const ScdSceneParams params = { 5.0, 0.5, 0.0 };

static void
test_defaults (void)
{
  gsize n;
  const ScdTuneEntry *table = scd_tune_table (&n);
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (n, ==, SCD_TUNE_N);
  for (gsize i = 0; i < n; i++)
    {
      g_test_message ("%s", table[i].name);
      g_assert_nonnull (table[i].name);
      g_assert_true (g_hash_table_add (names, (gpointer) table[i].name));
      g_assert_cmpfloat (table[i].min, <, table[i].max);
      g_assert_cmpfloat (table[i].value, >=, table[i].min);
      g_assert_cmpfloat (table[i].value, <=, table[i].max);
      g_assert_cmpfloat (scd_tune ((ScdTune) i), ==, table[i].value);
      g_assert_cmpuint (strlen (table[i].why), >, 10);
    }
  g_assert_cmpfloat (scd_tune (SCD_TUNE_NEIGHBOUR_RATIO), ==, 3.0);
}

/* A pan's frame that changes twice as much as the usual one stands out
 * only once neighbour-ratio is lowered below 2. */
static void
test_set_changes_the_rule (void)
{
  g_autoptr (GError) error = NULL;
  ScdSceneDecision decision;

  scd_scene_decision_init (&decision);
  scd_scene_decision_written (&decision, 0.0, 100.0);
  for (guint i = 0; i < 10; i++)
    scd_scene_decision_remember (&decision, 80.0, 3.0);
  g_assert_false (scd_scene_decision_stands_out (&decision, &params, 2.0, 80.0, 6.5));

  g_assert_true (scd_tune_parse (" neighbour-ratio = 1.5 ", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (scd_tune (SCD_TUNE_NEIGHBOUR_RATIO), ==, 1.5);
  g_assert_true (scd_scene_decision_stands_out (&decision, &params, 2.0, 80.0, 6.5));

  scd_tune_reset ();
  g_assert_false (scd_scene_decision_stands_out (&decision, &params, 2.0, 80.0, 6.5));
}

static void
test_refused (void)
{
  const char *const bad[] = {
    "neighbour-ratio=0.5",
    "neighbour-ratio=nan",
    "neighbour-ratio=3x",
    "neighbour-ratio",
    "ring-size=64",
    "no-such-thing=1",
    "=1",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (scd_tune_parse (bad[i], &error));
      g_assert_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT);
    }
  g_assert_cmpfloat (scd_tune (SCD_TUNE_NEIGHBOUR_RATIO), ==, 3.0);
}

static void
test_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("scd-tune-XXXXXX", &path, &error);
  const char *good = "# a sweep step\n\nchange-low=4\n  min-frames = 6\n";
  const char *bad = "change-low=4\nchange-high=1000\n";
  g_autofree char *described = NULL;

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, good, -1, &error));
  g_assert_true (scd_tune_load_file (path, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (scd_tune (SCD_TUNE_CHANGE_LOW), ==, 4.0);
  g_assert_cmpuint (scd_tune_uint (SCD_TUNE_MIN_FRAMES), ==, 6);
  described = scd_tune_describe ();
  g_assert_nonnull (strstr (described, "(default 3)"));
  g_assert_nonnull (strstr (described, "ring-size"));

  g_assert_true (g_file_set_contents (path, bad, -1, &error));
  g_assert_false (scd_tune_load_file (path, &error));
  g_assert_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, ":2: "));
  g_unlink (path);
  scd_tune_reset ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scene-tuning/defaults", test_defaults);
  g_test_add_func ("/scene-tuning/set-changes-the-rule", test_set_changes_the_rule);
  g_test_add_func ("/scene-tuning/refused", test_refused);
  g_test_add_func ("/scene-tuning/file", test_file);
  return g_test_run ();
}
