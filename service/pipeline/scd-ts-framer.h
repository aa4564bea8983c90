/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Whole video frames from a live MPEG-TS as soon as their last byte is in,
 * not one frame later: libavformat's parser only knows a frame has ended
 * when the next one begins.
 */
#pragma once

#include <glib.h>
#include <libavformat/avformat.h>

G_BEGIN_DECLS

typedef struct _ScdTsFramer ScdTsFramer;

void scd_ts_framer_prepare (AVFormatContext *input);
ScdTsFramer *scd_ts_framer_new (const AVFormatContext *input, const AVStream *stream);
void scd_ts_framer_push (ScdTsFramer *framer, AVPacket *pes);
void scd_ts_framer_drain (ScdTsFramer *framer);
gboolean scd_ts_framer_pop (ScdTsFramer *framer, AVPacket *frame);
void scd_ts_framer_free (ScdTsFramer *framer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdTsFramer, scd_ts_framer_free)

G_END_DECLS
