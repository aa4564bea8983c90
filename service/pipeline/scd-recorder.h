/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Records one segment: the source's packets remuxed, without re-encoding,
 * into an MPEG-TS file.
 */
#pragma once

#include <gio/gio.h>
#include <libavformat/avformat.h>

G_BEGIN_DECLS

typedef struct _ScdRecorder ScdRecorder;

ScdRecorder *scd_recorder_open (const char *path,
                                AVFormatContext *input,
                                const int *streams,
                                guint n_streams,
                                GError **error);
gboolean scd_recorder_write (ScdRecorder *recorder, const AVPacket *packet, GError **error);
gboolean scd_recorder_close (ScdRecorder *recorder, GError **error);
void scd_recorder_free (ScdRecorder *recorder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdRecorder, scd_recorder_free)

G_END_DECLS
