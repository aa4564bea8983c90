/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Writing under a session folder through descriptors, not names. A
 * session's folder and its parts (stream/, frames/, audio/, proxies/) are
 * opened once, without following a symlink, and registered here; a path
 * in one of them is then turned into /proc/self/fd/N/NAME, which the
 * kernel resolves through the folder already open. A folder swapped for a
 * symlink (or renamed away) after that changes nothing: files still go
 * into the folder the session made, never where the symlink points.
 * Every writer of the service passes its paths through
 * scd_safe_path_resolve(); a path outside any registered folder comes
 * back as it is.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Opens @dir (absolute, its last component not a symlink) and registers
 * it; a folder already registered gets one more hold. */
gboolean scd_safe_path_register (const char *dir, GError **error);
/* Makes @dir (0700) in its registered parent folder if it is not there,
 * and registers it: an error if something else (a symlink) is there. */
gboolean scd_safe_path_ensure_dir (const char *dir, GError **error);
/* Drops a hold on @dir; with the last, forgets it and every folder
 * registered under it. */
void scd_safe_path_unregister (const char *dir);
/* The path to use for @path: through its folder's descriptor when the
 * folder is registered. */
char *scd_safe_path_resolve (const char *path);

G_END_DECLS
