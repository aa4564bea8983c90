/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session's frame and audio streams: what the pipeline's threads push
 * to, and what Session.ListStreams describes.
 */
#pragma once

#include <libavutil/frame.h>

#include "scd-frame-stream.h"

G_BEGIN_DECLS

typedef struct _ScdStreamSet ScdStreamSet;

/* Open streams a session may have at once, and the bytes of picture their
 * frame buffers may take between them (one 8192×8192 RGB stream is 192
 * MiB: eight unread ones once took 1.6 GB). Ended streams stay listed, the
 * last SCD_STREAM_SET_MAX_LISTED of them. */
#define SCD_STREAM_SET_MAX_OPEN 8
#define SCD_STREAM_SET_MAX_BYTES (256 * 1024 * 1024)
#define SCD_STREAM_SET_MAX_LISTED 32

ScdStreamSet *scd_stream_set_new (void);
ScdStreamSet *scd_stream_set_ref (ScdStreamSet *set);
/* The last reference aborts every stream still open. */
void scd_stream_set_unref (ScdStreamSet *set);

/* Main context. */
ScdPictureSize scd_stream_set_get_picture (ScdStreamSet *set);
/* Takes @stream and starts it; returns its id. 0, with InvalidState, when
 * the session has no room for it (the stream is then dropped). */
guint scd_stream_set_add (ScdStreamSet *set, ScdStream *stream, GError **error);
GVariant *scd_stream_set_describe (ScdStreamSet *set);
/* The session ended: each stream sends what it holds, then its end. */
void scd_stream_set_finish (ScdStreamSet *set);

/* The decode thread: every decoded frame, in order. */
void scd_stream_set_push_frame (ScdStreamSet *set, const AVFrame *frame, double timestamp);
/* The audio thread: the session's samples, as its chunks get them. */
void scd_stream_set_push_samples (ScdStreamSet *set, const gint16 *samples, gsize count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdStreamSet, scd_stream_set_unref)

G_END_DECLS
