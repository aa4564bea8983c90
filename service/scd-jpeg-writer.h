/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Writes a decoded frame, at full size, as a JPEG file.
 */
#pragma once

#include <gio/gio.h>
#include <libavutil/frame.h>

G_BEGIN_DECLS

typedef struct _ScdJpegWriter ScdJpegWriter;

ScdJpegWriter *scd_jpeg_writer_new (void);
void scd_jpeg_writer_free (ScdJpegWriter *writer);
gboolean scd_jpeg_writer_write (ScdJpegWriter *writer,
                                const AVFrame *frame,
                                const char *path,
                                GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdJpegWriter, scd_jpeg_writer_free)

G_END_DECLS
