/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Writes scene frames as JPEGs and index entries in a thread of its own,
 * in order, so the decode loop never waits for an encoder or a disk.
 */
#pragma once

#include <gio/gio.h>
#include <libavutil/frame.h>

#include "scd-entry-sink.h"
#include "scd-index.h"
#include "scd-scene-decision.h"

G_BEGIN_DECLS

typedef struct _ScdFrameWriter ScdFrameWriter;

ScdFrameWriter *scd_frame_writer_new (const char *frames_dir,
                                      ScdIndex *index,
                                      ScdEntrySinkFunc sink,
                                      gpointer user_data);
void scd_frame_writer_push (ScdFrameWriter *writer,
                            const AVFrame *frame,
                            double timestamp,
                            double score,
                            ScdFrameReason reason,
                            GTask *task);
void scd_frame_writer_prepare (ScdFrameWriter *writer, const AVFrame *frame, double timestamp);
gboolean scd_frame_writer_finish (ScdFrameWriter *writer, GError **error);
gboolean scd_frame_writer_has_failed (ScdFrameWriter *writer);
void scd_frame_writer_free (ScdFrameWriter *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdFrameWriter, scd_frame_writer_free)

G_END_DECLS
