/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Session.OpenAudioStream: the session's audio as raw PCM or as AAC in
 * ADTS, written to a pipe.
 */
#pragma once

#include "scd-stream.h"

G_BEGIN_DECLS

/* @rate, @channels: the session's samples, as pushed. */
ScdStream *
scd_audio_stream_new (GVariant *options, guint rate, guint channels, int *read_fd, GError **error);

/* The thread that makes the session's audio: interleaved samples, in order. */
void scd_audio_stream_push (ScdStream *stream, const gint16 *samples, gsize count);

G_END_DECLS
