/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One byte per 100 ms is enough for a timeline's waveform and small
 * enough for a D-Bus signal: 300 bytes for a 30 s chunk. The level is
 * linear (peak magnitude scaled to 0..255) so a client can map it as it
 * likes; the last window of a chunk may be shorter than 100 ms.
 */
#include "scd-audio-peaks.h"

void
scd_audio_peaks_init (ScdAudioPeaks *peaks, guint rate)
{
  peaks->window = MAX (rate / 10, 1);
  peaks->in_window = 0;
  peaks->peak = 0;
  peaks->peaks = g_byte_array_new ();
}

void
scd_audio_peaks_clear (ScdAudioPeaks *peaks)
{
  g_clear_pointer (&peaks->peaks, g_byte_array_unref);
}

static void
close_window (ScdAudioPeaks *peaks)
{
  guint8 level = (guint8) MIN ((peaks->peak * 255u + 16384u) / 32768u, 255u);

  g_byte_array_append (peaks->peaks, &level, 1);
  peaks->in_window = 0;
  peaks->peak = 0;
}

void
scd_audio_peaks_add (ScdAudioPeaks *peaks, const gint16 *samples, gsize count, guint channels)
{
  for (gsize i = 0; i < count; i++)
    {
      for (guint c = 0; c < channels; c++)
        {
          guint magnitude = (guint) ABS ((int) samples[i * channels + c]);

          peaks->peak = MAX (peaks->peak, magnitude);
        }
      if (++peaks->in_window == peaks->window)
        close_window (peaks);
    }
}

/* Closes a partial window and hands the peaks over, starting afresh. */
GBytes *
scd_audio_peaks_take (ScdAudioPeaks *peaks)
{
  GBytes *bytes;

  if (peaks->in_window > 0)
    close_window (peaks);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&peaks->peaks));
  peaks->peaks = g_byte_array_new ();
  return bytes;
}
