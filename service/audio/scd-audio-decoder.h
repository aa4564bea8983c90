/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Decodes an audio stream and resamples it to signed 16-bit interleaved
 * samples at the session's rate and channel count.
 */
#pragma once

#include <gio/gio.h>
#include <libavformat/avformat.h>

G_BEGIN_DECLS

typedef struct _ScdAudioDecoder ScdAudioDecoder;

/* Called with each run of converted samples; @count is per channel, @pts
 * the first sample's time in samples at the output rate (from the stream's
 * timestamps), or AV_NOPTS_VALUE. */
typedef gboolean (*ScdAudioSink) (const gint16 *samples,
                                  gsize count,
                                  gint64 pts,
                                  gpointer user_data,
                                  GError **error);

ScdAudioDecoder *
scd_audio_decoder_open (AVStream *stream, guint rate, guint channels, GError **error);
void scd_audio_decoder_free (ScdAudioDecoder *decoder);
gboolean scd_audio_decoder_push (ScdAudioDecoder *decoder,
                                 const AVPacket *packet,
                                 ScdAudioSink sink,
                                 gpointer user_data,
                                 GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdAudioDecoder, scd_audio_decoder_free)

G_END_DECLS
