/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A simple energy measure, enough to keep a chunk boundary out of a word
 * and to say whether a chunk is worth transcribing; no voice model.
 *
 * - A window's level is its mean square (all channels), in dBFS: a full
 *   scale square wave is 0, a full scale sine -3; silence is
 *   SCD_AUDIO_PAUSE_SILENCE_DB.
 * - The noise floor is the level of the chunk's quietest tenth (the 10th
 *   percentile of its windows), kept between SCD_AUDIO_PAUSE_FLOOR_LOW and
 *   SCD_AUDIO_PAUSE_FLOOR_HIGH: the high bound makes a chunk that never
 *   pauses (someone talking on and on, a tone, music) count as sound
 *   rather than as its own floor; the low bound keeps dither or a
 *   microphone's hiss above digital silence from counting as speech.
 * - A window is sound when it is more than SCD_AUDIO_PAUSE_MARGIN above the
 *   floor, and a pause otherwise. The speech share is the share of sound
 *   windows.
 * - The cut goes into the quietest pause window in range; of equally quiet
 *   ones, the nearest to the target length.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scd-audio-pause.h"

/* Full scale for signed 16-bit samples. */
#define FULL_SCALE 32768.0

/* @sum_squares of @values samples (per channel times channels). */
double
scd_audio_pause_level (double sum_squares, guint64 values)
{
  double mean;

  if (values == 0 || sum_squares <= 0.0)
    return SCD_AUDIO_PAUSE_SILENCE_DB;
  mean = sum_squares / (double) values / (FULL_SCALE * FULL_SCALE);
  return MAX (10.0 * log10 (mean), SCD_AUDIO_PAUSE_SILENCE_DB);
}

/* A peak magnitude (0..32768) in dBFS. */
double
scd_audio_pause_peak_level (guint peak)
{
  if (peak == 0)
    return SCD_AUDIO_PAUSE_SILENCE_DB;
  return MAX (20.0 * log10 (peak / FULL_SCALE), SCD_AUDIO_PAUSE_SILENCE_DB);
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
scd_audio_pause_noise_floor (const double *levels, gsize n_levels)
{
  g_autofree double *sorted = NULL;
  double floor;

  if (n_levels == 0)
    return SCD_AUDIO_PAUSE_FLOOR_LOW;
  sorted = g_memdup2 (levels, n_levels * sizeof *levels);
  qsort (sorted, n_levels, sizeof *sorted, compare_doubles);
  floor = sorted[n_levels / 10];
  return CLAMP (floor, SCD_AUDIO_PAUSE_FLOOR_LOW, SCD_AUDIO_PAUSE_FLOOR_HIGH);
}

gboolean
scd_audio_pause_is_sound (double level, double floor)
{
  return level > floor + SCD_AUDIO_PAUSE_MARGIN;
}

/* 0..1; 0 for no windows. */
double
scd_audio_pause_speech_share (const double *levels, gsize n_levels, double floor)
{
  gsize sound = 0;

  if (n_levels == 0)
    return 0.0;
  for (gsize i = 0; i < n_levels; i++)
    sound += scd_audio_pause_is_sound (levels[i], floor);
  return (double) sound / (double) n_levels;
}

/* The quietest pause window among [@first, @end), the nearest to window
 * @target of equally quiet ones; -1 when every window there is sound. */
gssize
scd_audio_pause_find (const double *levels, gsize first, gsize end, gsize target, double floor)
{
  gssize best = -1;

  for (gsize i = first; i < end; i++)
    {
      if (scd_audio_pause_is_sound (levels[i], floor))
        continue;
      if (best < 0 || levels[i] < levels[best]
          || (levels[i] == levels[best]
              && (i > target ? i - target : target - i)
                     < ((gsize) best > target ? (gsize) best - target : target - (gsize) best)))
        best = (gssize) i;
    }
  return best;
}
