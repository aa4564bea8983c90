/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Opens a session's source with libavformat: a file, a socket scened
 * listens on, or a URL it connects to.
 */
#pragma once

#include <gio/gio.h>
#include <libavformat/avformat.h>

#include "scd-session-options.h"
#include "scd-ts-reader.h"

G_BEGIN_DECLS

gboolean scd_source_is_listener (const ScdSessionOptions *options);
gboolean scd_source_check_available (const ScdSessionOptions *options, GError **error);
/* Opens the source; for a listener, waits for a sender. NULL with @error
 * on failure, and *@never set when trying again cannot help: a listener
 * that cannot listen (its port is taken, its socket's folder does not
 * exist, something else is at the socket's path). A stream is read
 * through *@reader (else NULL): free it after the input is closed, and
 * resume it after every av_read_frame(). */
AVFormatContext *scd_source_open (const ScdSessionOptions *options,
                                  GCancellable *cancellable,
                                  ScdTsReader **reader,
                                  gboolean *never,
                                  GError **error);

G_END_DECLS
