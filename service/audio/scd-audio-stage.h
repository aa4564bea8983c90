/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The audio half of a session's decode pass: decode, resample, cut into
 * WAV chunks with peaks, and add each chunk to the index.
 */
#pragma once

#include <gio/gio.h>
#include <libavformat/avformat.h>

#include "scd-entry-sink.h"
#include "scd-index.h"

G_BEGIN_DECLS

typedef struct _ScdAudioStage ScdAudioStage;

/* The longest gap in a source's audio filled with silence, in seconds; and
 * how far the silence written may run ahead of the audio received. */
#define SCD_AUDIO_MAX_FILL 60

/* The most audio sources one stage cuts side by side. */
#define SCD_AUDIO_STAGE_SOURCES_MAX 2

/* Called with every sample the chunks get (silence filling gaps included),
 * interleaved, in order, from the thread that pushes. */
typedef void (*ScdAudioTapFunc) (const gint16 *samples, gsize count, gpointer user_data);

ScdAudioStage *scd_audio_stage_new (guint rate,
                                    guint channels,
                                    double chunk_seconds,
                                    double chunk_min,
                                    double chunk_max,
                                    const char *audio_dir,
                                    ScdIndex *index,
                                    ScdEntrySinkFunc sink,
                                    gpointer user_data);
void scd_audio_stage_free (ScdAudioStage *stage);
void scd_audio_stage_set_join_last (ScdAudioStage *stage, gboolean join_last);
void
scd_audio_stage_set_sources (ScdAudioStage *stage, const char *const *sources, guint n_sources);
void scd_audio_stage_set_tap (ScdAudioStage *stage, ScdAudioTapFunc func, gpointer user_data);

gboolean scd_audio_stage_open (ScdAudioStage *stage, AVStream *stream, GError **error);
double scd_audio_stage_get_position (ScdAudioStage *stage);
gboolean scd_audio_stage_has_samples (ScdAudioStage *stage);
gboolean scd_audio_stage_push (ScdAudioStage *stage,
                               const AVPacket *packet,
                               gint64 arrival,
                               double chunk_seconds,
                               GError **error);
gboolean scd_audio_stage_push_samples (ScdAudioStage *stage,
                                       const gint16 *samples,
                                       gsize count,
                                       gint64 arrival,
                                       double chunk_seconds,
                                       GError **error);
gboolean scd_audio_stage_finish (ScdAudioStage *stage, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdAudioStage, scd_audio_stage_free)

G_END_DECLS
