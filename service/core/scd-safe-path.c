/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE /* O_PATH */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scd-error.h"
#include "scd-safe-path.h"

typedef struct
{
  int fd;      /* O_PATH */
  guint holds; /* scd_safe_path_register() calls not yet unregistered */
} Folder;

/* folder path -> Folder, for every thread. */
static GHashTable *folders;
G_LOCK_DEFINE_STATIC (folders);

static void
folder_free (gpointer data)
{
  Folder *folder = data;

  close (folder->fd);
  g_free (folder);
}

/* Under the lock. */
static GHashTable *
get_folders (void)
{
  if (folders == NULL)
    folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, folder_free);
  return folders;
}

static int
lookup_locked (const char *dir)
{
  Folder *folder = g_hash_table_lookup (get_folders (), dir);

  return folder != NULL ? folder->fd : -1;
}

static gboolean
register_fd (const char *dir, int parent, const char *name, GError **error)
{
  int fd = openat (parent, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;

  if (fd < 0 || fstat (fd, &st) != 0 || st.st_uid != geteuid ())
    {
      int saved_errno = fd < 0 ? errno : EPERM;

      if (fd >= 0)
        close (fd);
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED,
                   _("“%s” is not a folder of the session: %s"), dir,
                   saved_errno == ELOOP || saved_errno == ENOTDIR
                       ? _("something else, a symbolic link perhaps, is in its place")
                       : g_strerror (saved_errno));
      return FALSE;
    }
  g_hash_table_insert (get_folders (), g_strdup (dir),
                       g_memdup2 (&(Folder){ fd, 1 }, sizeof (Folder)));
  return TRUE;
}

gboolean
scd_safe_path_register (const char *dir, GError **error)
{
  Folder *folder;
  gboolean ok = TRUE;

  G_LOCK (folders);
  folder = g_hash_table_lookup (get_folders (), dir);
  if (folder != NULL)
    folder->holds++;
  else
    ok = register_fd (dir, AT_FDCWD, dir, error);
  G_UNLOCK (folders);
  return ok;
}

gboolean
scd_safe_path_ensure_dir (const char *dir, GError **error)
{
  g_autofree char *parent_dir = g_path_get_dirname (dir);
  g_autofree char *name = g_path_get_basename (dir);
  gboolean ok;
  int parent;

  G_LOCK (folders);
  if (lookup_locked (dir) >= 0)
    {
      G_UNLOCK (folders);
      return TRUE;
    }
  parent = lookup_locked (parent_dir);
  if (parent < 0)
    {
      /* Not a session's: made by name, as anywhere else. */
      G_UNLOCK (folders);
      if (g_mkdir (dir, 0700) == 0 || errno == EEXIST)
        return TRUE;
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not create “%s”: %s"), dir,
                   g_strerror (errno));
      return FALSE;
    }
  if (mkdirat (parent, name, 0700) != 0 && errno != EEXIST)
    {
      int saved_errno = errno;

      G_UNLOCK (folders);
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not create “%s”: %s"), dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  ok = register_fd (dir, parent, name, error);
  G_UNLOCK (folders);
  return ok;
}

void
scd_safe_path_unregister (const char *dir)
{
  g_autofree char *prefix = g_strconcat (dir, G_DIR_SEPARATOR_S, NULL);
  GHashTableIter iter;
  const char *key;
  Folder *folder;

  G_LOCK (folders);
  folder = g_hash_table_lookup (get_folders (), dir);
  if (folder == NULL || --folder->holds > 0)
    {
      G_UNLOCK (folders);
      return;
    }
  g_hash_table_iter_init (&iter, get_folders ());
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (g_str_equal (key, dir) || g_str_has_prefix (key, prefix))
      g_hash_table_iter_remove (&iter);
  G_UNLOCK (folders);
}

char *
scd_safe_path_resolve (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  int fd;

  G_LOCK (folders);
  fd = lookup_locked (dir);
  G_UNLOCK (folders);
  if (fd < 0)
    return g_strdup (path);
  return g_strdup_printf ("/proc/self/fd/%d/%s", fd, name);
}
