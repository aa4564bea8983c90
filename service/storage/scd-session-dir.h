/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Session directories under the data directory: naming, creation with
 * private permissions, and the check that a path stays inside.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *scd_session_dir_create (const char *data_dir, GDateTime *when, char **id, GError **error);
char *scd_session_dir_resolve (const char *data_dir, const char *path, GError **error);

G_END_DECLS
