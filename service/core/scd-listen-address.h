/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Where a network listener may listen. A TCP listener with no host
 * ("tcp://:9000?listen") listens on loopback, not on every interface as
 * libavformat would; one on a wildcard address ("tcp://0.0.0.0:9000",
 * "[::]") listens on every interface only with "listen-public". A UDP
 * source binds every interface whatever its host unless libavformat is
 * given "localaddr", so the host becomes its localaddr, by the same rules.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Rewrites *@source as above; InvalidArgument for a wildcard address
 * without @listen_public. */
gboolean scd_listen_address_check (char **source, gboolean listen_public, GError **error);

G_END_DECLS
