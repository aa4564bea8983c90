/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The audio half of a session's decode pass: decode, resample, cut into
 * WAV chunks with peaks, and add each chunk to the index.
 */
#pragma once

#include <gio/gio.h>
#include <libavformat/avformat.h>

#include "scd-index.h"

G_BEGIN_DECLS

typedef struct _ScdAudioStage ScdAudioStage;

ScdAudioStage *scd_audio_stage_new (AVStream *stream,
                                    gint64 origin,
                                    guint rate,
                                    guint channels,
                                    double chunk_seconds,
                                    const char *audio_dir,
                                    ScdIndex *index,
                                    GError **error);
void scd_audio_stage_free (ScdAudioStage *stage);

double scd_audio_stage_get_position (ScdAudioStage *stage);
gboolean scd_audio_stage_push (ScdAudioStage *stage,
                               const AVPacket *packet,
                               double chunk_seconds,
                               GPtrArray *new_chunks,
                               GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdAudioStage, scd_audio_stage_free)

G_END_DECLS
