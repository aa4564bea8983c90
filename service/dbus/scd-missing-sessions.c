/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session's object goes away when it is closed, and GDBus would answer
 * a call to its path with org.freedesktop.DBus.Error.UnknownMethod, which
 * says nothing of what happened. A subtree registered on the parent of the
 * session paths catches calls to every path under it that has no object:
 * they get org.scened.Scened1.Error.NotFound, naming the path. Paths with
 * a session are exported objects, which GDBus dispatches to first; what
 * they do not answer themselves (an unknown interface) is left to GDBus,
 * as before.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-dbus.h"
#include "scd-error.h"
#include "scd-missing-sessions.h"

/* Whether @node, under @object_path, is a session that exists: its object
 * answers for itself. */
static gboolean
is_session (GHashTable *sessions, const char *object_path, const char *node)
{
  g_autofree char *path = g_strconcat (object_path, "/", node, NULL);

  return g_hash_table_contains (sessions, path);
}

/* GDBus lists the exported sessions under the subtree's path itself; the
 * subtree adds none. */
static char **
enumerate (GDBusConnection *connection,
           const char *sender,
           const char *object_path,
           gpointer user_data)
{
  return g_new0 (char *, 1);
}

static GDBusInterfaceInfo **
introspect (GDBusConnection *connection,
            const char *sender,
            const char *object_path,
            const char *node,
            gpointer user_data)
{
  GPtrArray *infos = g_ptr_array_new ();

  if (node != NULL && !is_session (user_data, object_path, node))
    {
      g_ptr_array_add (infos, g_dbus_interface_info_ref (scd_dbus_session_interface_info ()));
      g_ptr_array_add (infos,
                       g_dbus_interface_info_ref (scd_dbus_scene_detector_interface_info ()));
      g_ptr_array_add (infos,
                       g_dbus_interface_info_ref (scd_dbus_audio_extractor_interface_info ()));
    }
  g_ptr_array_add (infos, NULL);
  return (GDBusInterfaceInfo **) g_ptr_array_free (infos, FALSE);
}

static GError *
not_found (const char *object_path)
{
  return g_error_new (SCD_ERROR, SCD_ERROR_NOT_FOUND,
                      _("There is no session at %s: it was closed, or never existed"),
                      object_path);
}

static void
method_call (GDBusConnection *connection,
             const char *sender,
             const char *object_path,
             const char *interface_name,
             const char *method_name,
             GVariant *parameters,
             GDBusMethodInvocation *invocation,
             gpointer user_data)
{
  g_dbus_method_invocation_take_error (invocation, not_found (object_path));
}

/* No get_property or set_property: GDBus then sends Get, Set and GetAll to
 * method_call too, rather than answering GetAll with nothing. */
static const GDBusInterfaceVTable missing_vtable = {
  .method_call = method_call,
};

static const GDBusInterfaceVTable *
dispatch (GDBusConnection *connection,
          const char *sender,
          const char *object_path,
          const char *interface_name,
          const char *node,
          gpointer *out_user_data,
          gpointer user_data)
{
  *out_user_data = NULL;
  return node != NULL && !is_session (user_data, object_path, node) ? &missing_vtable : NULL;
}

static const GDBusSubtreeVTable subtree_vtable = {
  .enumerate = enumerate,
  .introspect = introspect,
  .dispatch = dispatch,
};

/* @sessions: object path -> session, kept up to date by the manager, and
 * alive while the subtree is registered. Returns the registration id (for
 * g_dbus_connection_unregister_subtree()), or 0. */
guint
scd_missing_sessions_register (GDBusConnection *connection, GHashTable *sessions, GError **error)
{
  return g_dbus_connection_register_subtree (connection, SCD_SESSIONS_PATH, &subtree_vtable,
                                             G_DBUS_SUBTREE_FLAGS_DISPATCH_TO_UNENUMERATED_NODES,
                                             sessions, NULL, error);
}
