/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * JSON files replaced atomically: write, fsync, rename. A crash at any
 * moment leaves the previous version or the new one, never a torn file.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean scd_json_file_write (const char *path, JsonNode *root, GError **error);
JsonNode *scd_json_file_read (const char *path, GError **error);

G_END_DECLS
