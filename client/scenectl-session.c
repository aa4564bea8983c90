/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Finding the service and its sessions: the bus, the manager, and a
 * SESSION argument (an id, an object path, or a session directory, reopened
 * read-only) turned into proxies of the session's three interfaces.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "scd-session-layout.h"
#include "scenectl-context.h"
#include "scenectl-session.h"

/* The service's errors in our language (Manager.SetLocale), asked before
 * any other call and not waited for: the bus delivers a connection's
 * messages in order, so every later call is answered in it. An older
 * service, a locale it lacks or no service at all: the errors are then in
 * its language, or the later calls say what is wrong. */
static void
tell_locale (GDBusConnection *bus)
{
  const char *locale = setlocale (LC_MESSAGES, NULL);

  if (locale == NULL)
    return;
  g_dbus_connection_call (bus, SCENECTL_BUS_NAME, SCENECTL_MANAGER_PATH,
                          "org.scened.Scened1.Manager", "SetLocale", g_variant_new ("(s)", locale),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
}

GDBusConnection *
scenectl_get_bus (ScenectlContext *ctx, GError **error)
{
  if (ctx->bus == NULL)
    {
      ctx->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
      if (ctx->bus == NULL)
        {
          g_prefix_error (error, _("Cannot connect to the session bus: "));
          return NULL;
        }
      tell_locale (ctx->bus);
    }

  return ctx->bus;
}

ScdDbusManager *
scenectl_get_manager (ScenectlContext *ctx, GError **error)
{
  GDBusConnection *bus;

  if (ctx->manager != NULL)
    return ctx->manager;

  bus = scenectl_get_bus (ctx, error);
  if (bus == NULL)
    return NULL;

  /* Without DO_NOT_AUTO_START the proxy asks the bus to activate the
   * service, so the first scenectl call starts it. */
  ctx->manager = scd_dbus_manager_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_NONE, SCENECTL_BUS_NAME,
                                                  SCENECTL_MANAGER_PATH, NULL, error);
  if (ctx->manager == NULL)
    return NULL;

  /* Some calls (CreateSession on a slow disk, GenerateProxy) may take
   * longer than GDBus' 25 s default; the user can always press Ctrl-C. */
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (ctx->manager), G_MAXINT);

  return ctx->manager;
}

GDBusObjectManager *
scenectl_object_manager_new (ScenectlContext *ctx, GError **error)
{
  GDBusConnection *bus = scenectl_get_bus (ctx, error);

  if (bus == NULL)
    return NULL;

  return scd_dbus_object_manager_client_new_sync (bus, G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_NONE,
                                                  SCENECTL_BUS_NAME, SCENECTL_MANAGER_PATH, NULL,
                                                  error);
}

static int
compare_sessions (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (g_dbus_object_get_object_path ((GDBusObject *) a),
                    g_dbus_object_get_object_path ((GDBusObject *) b));
}

/* The objects that carry a Session interface, oldest first (ids are
 * start times, so the path order is the creation order); a list of
 * references, free with g_list_free_full (list, g_object_unref). */
GList *
scenectl_list_sessions (GDBusObjectManager *manager)
{
  GList *objects = g_dbus_object_manager_get_objects (manager);
  GList *sessions = NULL;

  for (GList *l = objects; l != NULL; l = l->next)
    {
      if (SCD_DBUS_IS_OBJECT (l->data) && scd_dbus_object_peek_session (l->data) != NULL)
        sessions = g_list_prepend (sessions, g_object_ref (l->data));
    }
  g_list_free_full (objects, g_object_unref);

  return g_list_sort (sessions, compare_sessions);
}

static gboolean
is_id (const char *arg)
{
  if (*arg == '\0')
    return FALSE;

  for (const char *p = arg; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;

  return TRUE;
}

gboolean
scenectl_session_arg_valid (const char *arg, GError **error)
{
  if (is_id (arg))
    return TRUE;
  if (arg[0] == '/' && (g_variant_is_object_path (arg) || g_file_test (arg, G_FILE_TEST_IS_DIR)))
    return TRUE;

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is not a session: give a session id, a session object path or a "
                 "session directory"),
               arg);
  return FALSE;
}

void
scenectl_session_free (ScenectlSession *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_clear_object (&self->session);
  g_clear_object (&self->detector);
  g_clear_object (&self->audio);
  g_free (self);
}

ScenectlSession *
scenectl_session_new (GDBusConnection *bus, const char *path, GError **error)
{
  g_autoptr (ScenectlSession) self = g_new0 (ScenectlSession, 1);

  self->path = g_strdup (path);
  self->session = scd_dbus_session_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_NONE, SCENECTL_BUS_NAME,
                                                   path, NULL, error);
  if (self->session == NULL)
    return NULL;
  self->detector = scd_dbus_scene_detector_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_NONE,
                                                           SCENECTL_BUS_NAME, path, NULL, error);
  if (self->detector == NULL)
    return NULL;
  self->audio = scd_dbus_audio_extractor_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_NONE,
                                                         SCENECTL_BUS_NAME, path, NULL, error);
  if (self->audio == NULL)
    return NULL;

  /* Stop flushes and writes indexes and GenerateProxy encodes whole
   * segments: neither has a useful upper bound. */
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (self->session), G_MAXINT);

  return g_steal_pointer (&self);
}

/* A proxy on a path with no object behind it is created all the same;
 * it just has no properties. */
static gboolean
session_exists (ScenectlSession *self)
{
  g_auto (GStrv) names = g_dbus_proxy_get_cached_property_names (G_DBUS_PROXY (self->session));

  return names != NULL && names[0] != NULL;
}

static ScenectlSession *
open_directory (ScenectlContext *ctx, const char *directory, GError **error)
{
  ScdDbusManager *manager = scenectl_get_manager (ctx, error);
  g_autofree char *path = NULL;

  if (manager == NULL)
    return NULL;
  if (!scd_dbus_manager_call_open_session_sync (manager, directory, G_DBUS_CALL_FLAGS_NONE, -1,
                                                &path, NULL, error))
    return NULL;

  return scenectl_session_new (ctx->bus, path, error);
}

ScenectlSession *
scenectl_session_lookup (ScenectlContext *ctx, const char *arg, GError **error)
{
  g_autoptr (ScenectlSession) self = NULL;
  g_autofree char *path = NULL;
  g_autofree char *owner = NULL;
  GDBusConnection *bus;

  if (!scenectl_session_arg_valid (arg, error))
    return NULL;

  bus = scenectl_get_bus (ctx, error);
  if (bus == NULL)
    return NULL;

  if (arg[0] == '/' && !g_str_has_prefix (arg, SCENECTL_SESSION_PATH_PREFIX)
      && g_file_test (arg, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *directory = g_canonicalize_filename (arg, NULL);

      return open_directory (ctx, directory, error);
    }

  if (arg[0] == '/')
    path = g_strdup (arg);
  else
    path = g_strconcat (SCENECTL_SESSION_PATH_PREFIX, arg, NULL);

  self = scenectl_session_new (bus, path, error);
  if (self == NULL)
    return NULL;

  owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (self->session));
  if (owner == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   _("The scened service is not running and could not be started"));
      return NULL;
    }

  if (session_exists (self))
    return g_steal_pointer (&self);

  /* A session from before the service last started is no longer on the
   * bus, but its directory is: reopen it read-only. */
  if (arg[0] != '/')
    {
      ScdDbusManager *manager = scenectl_get_manager (ctx, error);
      const char *data_dir;

      if (manager == NULL)
        return NULL;
      data_dir = scd_dbus_manager_get_data_directory (manager);
      if (data_dir != NULL && *data_dir != '\0')
        {
          /* Sessions live in DataDirectory/sessions/ID
           * (common/scd-session-layout.h); a service that reports the
           * sessions directory itself is fine too. */
          g_autofree char *sessions = scd_session_layout_sessions_dir (data_dir);
          g_autofree char *in_sessions = g_build_filename (sessions, arg, NULL);
          g_autofree char *direct = g_build_filename (data_dir, arg, NULL);

          if (g_file_test (in_sessions, G_FILE_TEST_IS_DIR))
            return open_directory (ctx, in_sessions, error);
          if (g_file_test (direct, G_FILE_TEST_IS_DIR))
            return open_directory (ctx, direct, error);
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No session “%s”"), arg);
  return NULL;
}

char *
scenectl_id_from_path (const char *path)
{
  const char *slash = strrchr (path, '/');

  return g_strdup (slash != NULL ? slash + 1 : path);
}

const char *
scenectl_session_id (ScenectlSession *self)
{
  const char *id = scd_dbus_session_get_id (self->session);
  const char *slash;

  if (id != NULL && *id != '\0')
    return id;

  slash = strrchr (self->path, '/');
  return slash != NULL ? slash + 1 : self->path;
}

/* ListFrames or ListChunks: the two calls take and give the same. */
gboolean
scenectl_session_list_entries (ScenectlSession *self,
                               ScenectlEntries kind,
                               guint first,
                               guint count,
                               GVariant **entries,
                               GError **error)
{
  if (kind == SCENECTL_ENTRIES_FRAMES)
    return scd_dbus_scene_detector_call_list_frames_sync (
        self->detector, first, count, G_DBUS_CALL_FLAGS_NONE, -1, entries, NULL, error);
  return scd_dbus_audio_extractor_call_list_chunks_sync (
      self->audio, first, count, G_DBUS_CALL_FLAGS_NONE, -1, entries, NULL, error);
}
