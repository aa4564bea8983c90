/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Creates a file the service is about to write with libavformat: new,
 * 0600, never through a symlink.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The path to open the new file by (scd-safe-path.h), or NULL. */
char *scd_private_file_create (const char *path, GError **error);

G_END_DECLS
