/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Writes a decoded frame, at full size, as a JPEG file.
 */
#pragma once

#include <gio/gio.h>
#include <libavutil/frame.h>

G_BEGIN_DECLS

gboolean scd_jpeg_write (const AVFrame *frame, const char *path, GError **error);

G_END_DECLS
