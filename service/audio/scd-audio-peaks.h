/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Waveform peaks: the peak level of each 100 ms of a chunk, 0..255.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint window;    /* samples per channel in one peak */
  guint in_window; /* samples counted in the current window */
  guint peak;      /* largest magnitude in the current window, 0..32768 */
  GByteArray *peaks;
} ScdAudioPeaks;

void scd_audio_peaks_init (ScdAudioPeaks *peaks, guint rate);
void scd_audio_peaks_clear (ScdAudioPeaks *peaks);
void scd_audio_peaks_add (ScdAudioPeaks *peaks, const gint16 *samples, gsize count, guint channels);
GBytes *scd_audio_peaks_take (ScdAudioPeaks *peaks);

G_END_DECLS
