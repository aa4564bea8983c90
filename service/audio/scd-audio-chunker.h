/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Where audio chunks start and end, counted in samples (per channel).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest span of a chunk searched for a pause, in seconds: what lies
 * between the shortest and the longest a chunk may be is held in memory. */
#define SCD_AUDIO_CHUNKER_HOLD_MAX 60.0

typedef struct
{
  guint rate;
  guint64 min_length, target_length, max_length; /* for chunks opened from now on */
  gboolean open;
  guint index;    /* of the open chunk, or of the next one */
  guint64 start;  /* first sample of the open (or next) chunk */
  guint64 min;    /* the open chunk's shortest length, */
  guint64 target; /* the length it should have, */
  guint64 max;    /* and its longest */
  guint64 filled; /* samples in the open chunk so far */
} ScdAudioChunker;

guint64 scd_audio_chunker_seconds_to_samples (guint rate, double seconds);
double scd_audio_chunker_samples_to_seconds (guint rate, guint64 samples);

void scd_audio_chunker_init (ScdAudioChunker *chunker, guint rate, double chunk_seconds);
void scd_audio_chunker_set_chunk_seconds (ScdAudioChunker *chunker, double chunk_seconds);
void scd_audio_chunker_set_range (ScdAudioChunker *chunker,
                                  double min_seconds,
                                  double target_seconds,
                                  double max_seconds);
void scd_audio_chunker_scale_range (double target,
                                    double min_ratio,
                                    double max_ratio,
                                    double *min_seconds,
                                    double *max_seconds);
guint64 scd_audio_chunker_room (ScdAudioChunker *chunker);
gboolean scd_audio_chunker_add (ScdAudioChunker *chunker, guint64 samples);
gboolean scd_audio_chunker_holding (ScdAudioChunker *chunker);
guint64 scd_audio_chunker_cut (ScdAudioChunker *chunker, guint64 at);
gboolean scd_audio_chunker_finish (ScdAudioChunker *chunker);
void scd_audio_chunker_join (ScdAudioChunker *chunker);
void scd_audio_chunker_next (ScdAudioChunker *chunker);
void scd_audio_chunker_skip (ScdAudioChunker *chunker, guint64 samples);

G_END_DECLS
