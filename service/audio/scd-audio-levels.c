/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Windows start at the first sample counted, as the peaks' do, so the
 * pause search and the waveform speak of the same 100 ms. A window is in
 * the levels once whole; summarise() counts a last, partial one too.
 */
#include "scd-audio-levels.h"
#include "scd-audio-pause.h"

void
scd_audio_levels_init (ScdAudioLevels *levels, guint rate)
{
  *levels = (ScdAudioLevels){ .window = MAX (rate / 10, 1) };
  levels->levels = g_array_new (FALSE, FALSE, sizeof (double));
}

void
scd_audio_levels_clear (ScdAudioLevels *levels)
{
  g_clear_pointer (&levels->levels, g_array_unref);
}

/* Starts afresh: a new chunk. */
void
scd_audio_levels_reset (ScdAudioLevels *levels)
{
  GArray *array = levels->levels;

  g_array_set_size (array, 0);
  *levels = (ScdAudioLevels){ .window = levels->window, .levels = array };
}

void
scd_audio_levels_add (ScdAudioLevels *levels, const gint16 *samples, gsize count, guint channels)
{
  for (gsize i = 0; i < count; i++)
    {
      for (guint c = 0; c < channels; c++)
        {
          int value = samples[i * channels + c];
          double square = (double) value * value;

          levels->window_sum += square;
          levels->sum += square;
          levels->peak = MAX (levels->peak, (guint) ABS (value));
        }
      levels->values += channels;
      levels->channels = channels;
      if (++levels->in_window == levels->window)
        {
          double level = scd_audio_pause_level (levels->window_sum,
                                                (guint64) levels->window * channels);

          g_array_append_val (levels->levels, level);
          levels->in_window = 0;
          levels->window_sum = 0.0;
        }
    }
}

/* What the chunk counted so far holds, its partial last window included. */
void
scd_audio_levels_summarise (ScdAudioLevels *levels, ScdAudioLevelSummary *summary)
{
  g_autoptr (GArray) all = g_array_copy (levels->levels);
  double floor;

  if (levels->in_window > 0)
    {
      double level = scd_audio_pause_level (levels->window_sum,
                                            (guint64) levels->in_window * levels->channels);

      g_array_append_val (all, level);
    }
  floor = scd_audio_pause_noise_floor ((const double *) all->data, all->len);
  summary->speech = scd_audio_pause_speech_share ((const double *) all->data, all->len, floor);
  summary->silent = summary->speech == 0.0;
  summary->peak = scd_audio_pause_peak_level (levels->peak);
  summary->mean = scd_audio_pause_level (levels->sum, levels->values);
}
