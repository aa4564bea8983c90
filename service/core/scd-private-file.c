/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libavformat's file protocol opens with O_CREAT | O_TRUNC, so it would
 * write through a symlink planted where a segment or a chunk is about to
 * go. The recorder and the WAV writer create their file here first, with
 * O_EXCL and O_NOFOLLOW: a name already taken (by a file, or a symlink
 * whatever it points at) is an error, and what libavformat then opens is
 * the regular file just made, in a 0700 folder no one else can write to,
 * by the path scd_safe_path_resolve() gives (through the session folder's
 * descriptor), which scd_private_file_create() returns for the opening.
 * (JSON and JPEG files are written whole with g_file_set_contents_full(),
 * which replaces the name rather than writing through it.)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "scd-error.h"
#include "scd-private-file.h"
#include "scd-safe-path.h"

char *
scd_private_file_create (const char *path, GError **error)
{
  g_autofree char *resolved = scd_safe_path_resolve (path);
  int fd = g_open (resolved, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  int saved_errno = errno;

  if (fd >= 0)
    return g_close (fd, error) ? g_steal_pointer (&resolved) : NULL;
  g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not create “%s”: %s"), path,
               g_strerror (saved_errno));
  return NULL;
}
