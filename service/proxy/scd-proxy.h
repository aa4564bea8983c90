/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A scrubbing proxy: one media file's video as all-intra MJPEG in
 * Matroska, every frame a keyframe, at a chosen height.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SCD_PROXY_DEFAULT_HEIGHT 360
#define SCD_PROXY_MIN_HEIGHT 16
#define SCD_PROXY_MAX_HEIGHT 4320

/* @fraction: 0..1 of @input done. Called from the making thread. */
typedef void (*ScdProxyProgressFunc) (double fraction, gpointer user_data);

/* Whether @output exists and is newer than @input: nothing to make. */
gboolean scd_proxy_is_up_to_date (const char *input, const char *output);

/* Blocking (a worker thread). Writes @output.part, renames it to @output
 * once whole; a failure or a cancellation leaves no file behind. The
 * proxy is @height lines high, or the source's height if that is less;
 * the width keeps the display aspect ratio, even. */
gboolean scd_proxy_make (const char *input,
                         const char *output,
                         guint height,
                         GCancellable *cancellable,
                         ScdProxyProgressFunc progress,
                         gpointer user_data,
                         GError **error);

G_END_DECLS
