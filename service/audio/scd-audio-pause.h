/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Pauses and speech in a chunk, measured on 100 ms windows: pure
 * arithmetic on window levels, no state.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The lowest level reported, in dBFS: digital silence reads as this. */
#define SCD_AUDIO_PAUSE_SILENCE_DB (-100.0)
/* The noise floor never goes below or above these, in dBFS. */
#define SCD_AUDIO_PAUSE_FLOOR_LOW (-90.0)
#define SCD_AUDIO_PAUSE_FLOOR_HIGH (-50.0)
/* A window this far above the floor, in dB, holds speech (or sound). */
#define SCD_AUDIO_PAUSE_MARGIN 10.0

double scd_audio_pause_level (double sum_squares, guint64 values);
double scd_audio_pause_peak_level (guint peak);
double scd_audio_pause_noise_floor (const double *levels, gsize n_levels);
gboolean scd_audio_pause_is_sound (double level, double floor);
double scd_audio_pause_speech_share (const double *levels, gsize n_levels, double floor);
gssize
scd_audio_pause_find (const double *levels, gsize first, gsize end, gsize target, double floor);

G_END_DECLS
