/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The level of each 100 ms of a chunk, its peak and its mean, counted as
 * samples go by (scd-audio-pause.h says how levels are measured).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint window;      /* samples per channel in one window */
  guint in_window;   /* samples counted in the current window */
  double window_sum; /* sum of squares in the current window */
  GArray *levels;    /* of double, dBFS: one per whole window */
  guint peak;        /* largest magnitude, 0..32768 */
  double sum;        /* sum of squares of every sample */
  guint64 values;    /* samples counted, all channels */
  guint channels;
} ScdAudioLevels;

typedef struct
{
  double speech;   /* share of windows above the noise floor, 0..1 */
  gboolean silent; /* no window above it */
  double peak;     /* dBFS */
  double mean;     /* dBFS, of the mean square */
} ScdAudioLevelSummary;

void scd_audio_levels_init (ScdAudioLevels *levels, guint rate);
void scd_audio_levels_clear (ScdAudioLevels *levels);
void scd_audio_levels_reset (ScdAudioLevels *levels);
void
scd_audio_levels_add (ScdAudioLevels *levels, const gint16 *samples, gsize count, guint channels);
void scd_audio_levels_summarise (ScdAudioLevels *levels, ScdAudioLevelSummary *summary);

G_END_DECLS
