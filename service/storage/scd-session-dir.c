/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session's id is its creation time, YYYYmmdd_HHMMSS, with _2, _3...
 * when several start in the same second. mkdir() creating the directory
 * is what claims an id, so two sessions can never share one even across
 * service instances. Directories are 0700: recordings of a desktop are
 * private. The data directory and its sessions/ must be the service's
 * user's and writable by no one else, or another user could swap a
 * session folder and have the service write where she chooses.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scd-error.h"
#include "scd-session-dir.h"
#include "scd-safe-path.h"
#include "scd-session-layout.h"

#define MAX_SUFFIX 1000

static const ScdSessionPart created_parts[] = { SCD_SESSION_PART_FRAMES, SCD_SESSION_PART_AUDIO };

static gboolean
make_private_dir (const char *path, gboolean must_be_new, GError **error)
{
  if (g_mkdir (path, 0700) == 0)
    return TRUE;
  if (errno == EEXIST && !must_be_new && g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", path,
               g_strerror (errno));
  return FALSE;
}

/* @path is a directory of the service's user that no one else may write
 * to (@follow: through a symlink). */
static gboolean
check_private (const char *path, gboolean follow, GError **error)
{
  GStatBuf st;
  const char *why = NULL;

  if ((follow ? g_stat (path, &st) : g_lstat (path, &st)) != 0)
    why = g_strerror (errno);
  else if (!S_ISDIR (st.st_mode))
    why = _("it is not a directory");
  else if (st.st_uid != geteuid ())
    why = _("another user owns it");
  else if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    why = _("other users may write to it");
  if (why == NULL)
    return TRUE;
  g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED,
               _("The data directory “%s” cannot be used safely: %s"), path, why);
  return FALSE;
}

/* Makes @data_dir and its @sessions folder, if need be. */
static gboolean
make_data_dir (const char *data_dir, const char *sessions, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if (g_mkdir_with_parents (data_dir, 0700) == 0
      && make_private_dir (sessions, FALSE, &local_error))
    return TRUE;
  g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED,
               _("Could not create the data directory “%s”: %s"), sessions,
               local_error != NULL ? local_error->message : g_strerror (errno));
  return FALSE;
}

gboolean
scd_session_dir_check_data_dir (const char *data_dir, GError **error)
{
  g_autofree char *sessions = scd_session_layout_sessions_dir (data_dir);

  return make_data_dir (data_dir, sessions, error) && check_private (data_dir, TRUE, error)
         && check_private (sessions, FALSE, error);
}

char *
scd_session_dir_create (const char *data_dir, GDateTime *when, char **id, GError **error)
{
  g_autofree char *sessions = scd_session_layout_sessions_dir (data_dir);
  g_autofree char *stamp = g_date_time_format (when, "%Y%m%d_%H%M%S");
  g_autoptr (GError) local_error = NULL;

  if (!make_data_dir (data_dir, sessions, error))
    return NULL;

  for (guint n = 1; n <= MAX_SUFFIX; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup (stamp) : g_strdup_printf ("%s_%u", stamp, n);
      g_autofree char *path = g_build_filename (sessions, name, NULL);

      g_clear_error (&local_error);
      if (!make_private_dir (path, TRUE, &local_error))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
            continue;
          break;
        }

      for (gsize i = 0; i < G_N_ELEMENTS (created_parts); i++)
        {
          g_autofree char *sub = scd_session_layout_dir (path, created_parts[i]);

          if (!make_private_dir (sub, TRUE, &local_error))
            break;
        }
      if (local_error != NULL)
        break;

      *id = g_steal_pointer (&name);
      return g_steal_pointer (&path);
    }

  g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not create a session directory: %s"),
               local_error != NULL ? local_error->message : _("too many sessions this second"));
  return NULL;
}

/* The real path of @path if it is a directory inside @data_dir's
 * sessions/, after every symlink is resolved; an error otherwise. */
char *
scd_session_dir_resolve (const char *data_dir, const char *path, GError **error)
{
  g_autofree char *sessions = scd_session_layout_sessions_dir (data_dir);
  g_autofree char *real_sessions = realpath (sessions, NULL);
  g_autofree char *real_path = NULL;
  g_autofree char *prefix = NULL;

  if (!g_path_is_absolute (path))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("“%s” is a relative path; give an absolute path"), path);
      return NULL;
    }
  real_path = realpath (path, NULL);
  if (real_path == NULL || real_sessions == NULL)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_NOT_FOUND, _("No session directory at “%s”"), path);
      return NULL;
    }
  prefix = g_strconcat (real_sessions, G_DIR_SEPARATOR_S, NULL);
  if (!g_str_has_prefix (real_path, prefix) || strchr (real_path + strlen (prefix), '/') != NULL)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a session directory under “%s”"), path, real_sessions);
      return NULL;
    }
  return g_steal_pointer (&real_path);
}

gboolean
scd_session_dir_hold (const char *directory, GError **error)
{
  if (!scd_safe_path_register (directory, error))
    return FALSE;
  for (ScdSessionPart part = SCD_SESSION_PART_STREAM; part <= SCD_SESSION_PART_PROXIES; part++)
    {
      g_autofree char *sub = scd_session_layout_dir (directory, part);
      GStatBuf st;

      /* A part not made yet is made through the folder when needed. */
      if (g_lstat (sub, &st) == 0 && !scd_safe_path_ensure_dir (sub, error))
        {
          scd_safe_path_unregister (directory);
          return FALSE;
        }
    }
  return TRUE;
}

void
scd_session_dir_release (const char *directory)
{
  scd_safe_path_unregister (directory);
}

/* "NAME.json.XXXXXX": the temporary file g_file_set_contents_full() makes
 * beside NAME.json, left when the service died before the rename. */
static gboolean
is_temporary_json (const char *name)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL || strlen (dot + 1) != 6 || dot - name < 5 || strncmp (dot - 5, ".json", 5) != 0)
    return FALSE;
  for (const char *c = dot + 1; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c))
      return FALSE;
  return TRUE;
}

static void
clean_folder (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".part") || is_temporary_json (name))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);
        GStatBuf st;

        if (g_lstat (path, &st) == 0 && !S_ISDIR (st.st_mode) && g_unlink (path) == 0)
          g_debug ("Removed %s, left by an interrupted session", path);
      }
}

void
scd_session_dir_clean (const char *directory)
{
  clean_folder (directory);
  for (ScdSessionPart part = SCD_SESSION_PART_STREAM; part <= SCD_SESSION_PART_PROXIES; part++)
    {
      g_autofree char *sub = scd_session_layout_dir (directory, part);

      clean_folder (sub);
    }
}
