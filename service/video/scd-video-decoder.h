/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Opens the decoder for a video stream and says truthfully what decodes.
 */
#pragma once

#include <gio/gio.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#include "scd-option-values.h"

G_BEGIN_DECLS

/* The largest frame side decoded: beyond it a frame takes hundreds of MB
 * at every stage, and no screen or camera makes one. */
#define SCD_VIDEO_MAX_SIDE 8192

gboolean scd_video_decoder_check_size (int width, int height, GError **error);
AVCodecContext *scd_video_decoder_open (AVStream *stream,
                                        ScdHwaccel hwaccel,
                                        gboolean low_delay,
                                        char **description,
                                        GError **error);

G_END_DECLS
