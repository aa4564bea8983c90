/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Opens a session's source with libavformat: a file, a socket scened
 * listens on, or a URL it connects to.
 */
#pragma once

#include <gio/gio.h>
#include <libavformat/avformat.h>

#include "scd-session-options.h"

G_BEGIN_DECLS

gboolean scd_source_is_listener (const ScdSessionOptions *options);
gboolean scd_source_check_available (const ScdSessionOptions *options, GError **error);
AVFormatContext *
scd_source_open (const ScdSessionOptions *options, GCancellable *cancellable, GError **error);

G_END_DECLS
