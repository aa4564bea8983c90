/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Pause arithmetic with numbers: window levels in dBFS, the noise floor,
 * the speech share, the quietest window, and the levels counted as
 * samples go by.
 */
#include <math.h>

#include "scd-audio-levels.h"
#include "scd-audio-pause.h"

static void
test_level (void)
{
  /* Full scale square: 0 dBFS; a tenth of full scale: -20 dBFS. */
  g_assert_cmpfloat_with_epsilon (scd_audio_pause_level (10 * 32768.0 * 32768.0, 10), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (scd_audio_pause_level (4 * 3276.8 * 3276.8, 4), -20.0, 1e-9);
  g_assert_cmpfloat (scd_audio_pause_level (0.0, 1600), ==, SCD_AUDIO_PAUSE_SILENCE_DB);
  g_assert_cmpfloat (scd_audio_pause_level (1.0, 0), ==, SCD_AUDIO_PAUSE_SILENCE_DB);
  /* One LSB in a 100 ms window at 16 kHz is far below -100: clamped. */
  g_assert_cmpfloat (scd_audio_pause_level (1.0, 1600), ==, SCD_AUDIO_PAUSE_SILENCE_DB);

  g_assert_cmpfloat_with_epsilon (scd_audio_pause_peak_level (32768), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (scd_audio_pause_peak_level (16384), -6.0206, 1e-4);
  g_assert_cmpfloat (scd_audio_pause_peak_level (0), ==, SCD_AUDIO_PAUSE_SILENCE_DB);
}

static void
test_noise_floor (void)
{
  /* The 10th percentile: of 20 windows, the third quietest. */
  double levels[20];

  for (guint i = 0; i < 20; i++)
    levels[i] = -20.0 - i * 3.0; /* -20 ... -77 */
  g_assert_cmpfloat_with_epsilon (scd_audio_pause_noise_floor (levels, 20), -71.0, 1e-9);

  /* Bounded: never above -50 (a chunk with no pause is all sound), never
   * under -90 (digital silence). */
  for (guint i = 0; i < 20; i++)
    levels[i] = -20.0;
  g_assert_cmpfloat (scd_audio_pause_noise_floor (levels, 20), ==, SCD_AUDIO_PAUSE_FLOOR_HIGH);
  for (guint i = 0; i < 20; i++)
    levels[i] = SCD_AUDIO_PAUSE_SILENCE_DB;
  g_assert_cmpfloat (scd_audio_pause_noise_floor (levels, 20), ==, SCD_AUDIO_PAUSE_FLOOR_LOW);
  g_assert_cmpfloat (scd_audio_pause_noise_floor (levels, 0), ==, SCD_AUDIO_PAUSE_FLOOR_LOW);
}

static void
test_speech_share (void)
{
  /* Floor -80: sound is above -70. */
  double levels[] = { -20.0, -69.9, -70.0, -75.0, -100.0 };

  g_assert_cmpfloat_with_epsilon (scd_audio_pause_speech_share (levels, 5, -80.0), 0.4, 1e-12);
  g_assert_cmpfloat (scd_audio_pause_speech_share (levels, 0, -80.0), ==, 0.0);
  g_assert_true (scd_audio_pause_is_sound (-69.9, -80.0));
  g_assert_false (scd_audio_pause_is_sound (-70.0, -80.0));
}

static void
test_find (void)
{
  /* Floor -90: a pause is at most -80. */
  double levels[] = { -100, -20, -20, -85, -20, -95, -20, -95, -20, -100 };

  /* The quietest in [1, 9): -95 at 5 and 7; nearer the target 8: 7. */
  g_assert_cmpint (scd_audio_pause_find (levels, 1, 9, 8, -90.0), ==, 7);
  /* Nearer the target 2: 5. */
  g_assert_cmpint (scd_audio_pause_find (levels, 1, 9, 2, -90.0), ==, 5);
  /* Only [1, 5): -85 at 3 is quiet enough. */
  g_assert_cmpint (scd_audio_pause_find (levels, 1, 5, 4, -90.0), ==, 3);
  /* A window of sound is never a pause however quiet the rest. */
  g_assert_cmpint (scd_audio_pause_find (levels, 1, 3, 2, -90.0), ==, -1);
  /* An empty range. */
  g_assert_cmpint (scd_audio_pause_find (levels, 4, 4, 4, -90.0), ==, -1);
  /* A higher floor makes the -20 windows no pause still: -50 + 10 < -20. */
  g_assert_cmpint (scd_audio_pause_find (levels, 1, 3, 2, -50.0), ==, -1);
}

static void
test_levels (void)
{
  ScdAudioLevels levels;
  ScdAudioLevelSummary summary;
  g_autofree gint16 *samples = g_new0 (gint16, 16000 * 2);

  /* 1 s of stereo at 16 kHz: 0.5 s at 3276.8 (-20 dBFS, as a square),
   * then 0.5 s of silence, then 0.05 s more silence: 11 windows, the last
   * partial. */
  for (guint i = 0; i < 8000 * 2; i++)
    samples[i] = (i & 2) ? 3277 : -3277;
  scd_audio_levels_init (&levels, 16000);
  scd_audio_levels_add (&levels, samples, 10000, 2);
  scd_audio_levels_add (&levels, samples + 10000 * 2, 6000, 2);
  scd_audio_levels_add (&levels, samples + 8000 * 2, 800, 2);
  g_assert_cmpuint (levels.levels->len, ==, 10);
  g_assert_cmpfloat_with_epsilon (g_array_index (levels.levels, double, 0), -20.0, 0.01);
  g_assert_cmpfloat (g_array_index (levels.levels, double, 9), ==, SCD_AUDIO_PAUSE_SILENCE_DB);

  scd_audio_levels_summarise (&levels, &summary);
  /* 5 windows of 11 are sound (floor -90). */
  g_assert_cmpfloat_with_epsilon (summary.speech, 5.0 / 11.0, 1e-12);
  g_assert_false (summary.silent);
  g_assert_cmpfloat_with_epsilon (summary.peak, -20.0, 0.01);
  /* Half of 1.05 s at -20 dBFS: -20 + 10 log10 (8000 / 16800). */
  g_assert_cmpfloat_with_epsilon (summary.mean, -20.0 + 10.0 * log10 (8000.0 / 16800.0), 0.01);

  scd_audio_levels_reset (&levels);
  scd_audio_levels_add (&levels, samples + 8000 * 2, 4000, 2);
  scd_audio_levels_summarise (&levels, &summary);
  g_assert_cmpfloat (summary.speech, ==, 0.0);
  g_assert_true (summary.silent);
  g_assert_cmpfloat (summary.peak, ==, SCD_AUDIO_PAUSE_SILENCE_DB);
  g_assert_cmpfloat (summary.mean, ==, SCD_AUDIO_PAUSE_SILENCE_DB);
  scd_audio_levels_clear (&levels);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audio-pause/level", test_level);
  g_test_add_func ("/audio-pause/noise-floor", test_noise_floor);
  g_test_add_func ("/audio-pause/speech-share", test_speech_share);
  g_test_add_func ("/audio-pause/find", test_find);
  g_test_add_func ("/audio-pause/levels", test_levels);
  return g_test_run ();
}
