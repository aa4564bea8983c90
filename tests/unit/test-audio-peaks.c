/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One peak byte per 100 ms, the last window possibly shorter.
 */
#include "scd-audio-peaks.h"

static void
test_levels (void)
{
  ScdAudioPeaks peaks;
  gint16 samples[3200] = { 0 };
  g_autoptr (GBytes) bytes = NULL;
  const guint8 *data;
  gsize n;

  scd_audio_peaks_init (&peaks, 16000);
  samples[100] = -32768;     /* full scale in the first window */
  samples[1600 + 5] = 16384; /* half scale in the second */
  scd_audio_peaks_add (&peaks, samples, 3200, 1);
  bytes = scd_audio_peaks_take (&peaks);
  data = g_bytes_get_data (bytes, &n);

  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (data[0], ==, 255);
  g_assert_cmpuint (data[1], ==, 128);
  scd_audio_peaks_clear (&peaks);
}

static void
test_partial_window_and_restart (void)
{
  ScdAudioPeaks peaks;
  gint16 samples[1700];
  g_autoptr (GBytes) first = NULL;
  g_autoptr (GBytes) second = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    samples[i] = 1000;
  scd_audio_peaks_init (&peaks, 16000);
  scd_audio_peaks_add (&peaks, samples, 1700, 1);
  first = scd_audio_peaks_take (&peaks);
  g_assert_cmpuint (g_bytes_get_size (first), ==, 2);

  /* take() starts afresh for the next chunk. */
  scd_audio_peaks_add (&peaks, samples, 10, 1);
  second = scd_audio_peaks_take (&peaks);
  g_assert_cmpuint (g_bytes_get_size (second), ==, 1);
  scd_audio_peaks_clear (&peaks);
}

static void
test_stereo (void)
{
  ScdAudioPeaks peaks;
  gint16 samples[2 * 1600] = { 0 };
  g_autoptr (GBytes) bytes = NULL;

  samples[2 * 7 + 1] = 32767; /* right channel only */
  scd_audio_peaks_init (&peaks, 16000);
  scd_audio_peaks_add (&peaks, samples, 1600, 2);
  bytes = scd_audio_peaks_take (&peaks);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 1);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (bytes, NULL))[0], ==, 255);
  scd_audio_peaks_clear (&peaks);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audio-peaks/levels", test_levels);
  g_test_add_func ("/audio-peaks/partial-window", test_partial_window_and_restart);
  g_test_add_func ("/audio-peaks/stereo", test_stereo);
  return g_test_run ();
}
