/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Which hardware decoders work on this machine: probed once, at start-up,
 * in a thread, by opening each device for real.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void scd_hwaccel_probe_async (GAsyncReadyCallback callback, gpointer user_data);
/* The libavutil names of the devices that opened ("cuda"); may be empty. */
GStrv scd_hwaccel_probe_finish (GAsyncResult *result);

G_END_DECLS
