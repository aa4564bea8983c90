/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Makes a JPEG of a decoded frame, at full size, and writes it to a file.
 */
#pragma once

#include <gio/gio.h>
#include <libavutil/frame.h>

G_BEGIN_DECLS

GBytes *scd_jpeg_encode (const AVFrame *frame, GError **error);
gboolean scd_jpeg_save (GBytes *jpeg, const char *path, GError **error);

G_END_DECLS
