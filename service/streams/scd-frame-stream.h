/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Session.OpenFrameStream: raw frames of one size, pixel format and
 * constant rate, written to a pipe.
 */
#pragma once

#include <libavutil/frame.h>

#include "scd-stream.h"

G_BEGIN_DECLS

#define SCD_FRAME_STREAM_DEFAULT_FPS 30.0

/* The picture the session decodes now; width 0 when none was decoded yet. */
typedef struct
{
  int width;
  int height;
  AVRational sample_aspect_ratio;
} ScdPictureSize;

/* Checks @options (InvalidArgument); *@needs_picture: a 0 width or
 * height, to be worked out from the picture. */
gboolean scd_frame_stream_check (GVariant *options, gboolean *needs_picture, GError **error);

/* Checks @options (InvalidArgument; InvalidState when a size must come
 * from a picture not decoded yet) and makes the stream. */
ScdStream *scd_frame_stream_new (GVariant *options,
                                 const ScdPictureSize *picture,
                                 int *read_fd,
                                 GError **error);

/* The session's decode thread: every decoded frame, in order. */
void scd_frame_stream_push (ScdStream *stream, const AVFrame *frame, double timestamp);

G_END_DECLS
