/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Session directories under the data directory: naming, creation with
 * private permissions, and the check that a path stays inside.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Makes @data_dir and its sessions/ (0700) if need be; an error unless
 * both are directories of the service's user that no one else can write
 * to (sessions/ not a symlink). */
gboolean scd_session_dir_check_data_dir (const char *data_dir, GError **error);
char *scd_session_dir_create (const char *data_dir, GDateTime *when, char **id, GError **error);
/* Opens the session folder @directory and its parts, none of them through
 * a symlink, and writes go through them from now on (scd-safe-path.h),
 * until the last release. An error if a part is not a real folder. */
gboolean scd_session_dir_hold (const char *directory, GError **error);
void scd_session_dir_release (const char *directory);
/* Removes what a session that did not end cleanly left half-written: its
 * *.part files and its JSON files' temporary copies (NAME.json.XXXXXX).
 * Only for a session nothing is writing. */
void scd_session_dir_clean (const char *directory);
char *scd_session_dir_resolve (const char *data_dir, const char *path, GError **error);

G_END_DECLS
