/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scenectl list and scenectl sources: the two one-table answers. Sessions
 * come from the ObjectManager, so one round trip lists them all with
 * their properties; audio sources from Manager.ListAudioSources.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-option-values.h"
#include "scenectl-commands.h"
#include "scenectl-context.h"
#include "scenectl-output.h"
#include "scenectl-session.h"

static const char *
or_empty (const char *s)
{
  return s != NULL ? s : "";
}

/* The one output shape of both commands: a JSON array, a table, or a
 * line that says the table would be empty. */
static void
print_list (ScenectlContext *ctx,
            JsonArray *array,
            const char *const *headers,
            GPtrArray *rows,
            const char *none)
{
  if (ctx->json)
    scenectl_print_json_array (array, TRUE);
  else if (rows->len == 0)
    g_print ("%s\n", none);
  else
    scenectl_print_table (headers, rows);
}

int
scenectl_cmd_list (ScenectlContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) optctx = NULL;
  g_autoptr (GDBusObjectManager) manager = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (JsonArray) array = json_array_new ();
  g_autofree char *owner = NULL;
  const char *headers[] = { _("ID"), _("STATE"), _("NAME"), _("SOURCE"), NULL };
  GList *sessions;

  optctx = scenectl_option_context_new (ctx, NULL, _("Lists the sessions of the service."), NULL);
  if (!scenectl_parse_options (ctx, optctx, &argc, &argv, 0, 0))
    return SCENECTL_EXIT_USAGE;

  manager = scenectl_object_manager_new (ctx, &error);
  if (manager == NULL)
    return scenectl_report_error (ctx, error);
  owner = g_dbus_object_manager_client_get_name_owner (G_DBUS_OBJECT_MANAGER_CLIENT (manager));
  if (owner == NULL)
    {
      /* Not "No sessions": nobody could have answered. */
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   _("The scened service is not running and could not be started"));
      return scenectl_report_error (ctx, error);
    }

  sessions = scenectl_list_sessions (manager);
  for (GList *l = sessions; l != NULL; l = l->next)
    {
      ScdDbusSession *session = scd_dbus_object_peek_session (l->data);
      const char *path = g_dbus_object_get_object_path (l->data);
      g_autofree char *id = scenectl_id_from_path (path);
      const char *state = or_empty (scd_dbus_session_get_state (session));
      const char *name = or_empty (scd_dbus_session_get_name (session));
      const char *source = or_empty (scd_dbus_session_get_source (session));

      if (scd_dbus_session_get_id (session) != NULL)
        {
          g_free (id);
          id = g_strdup (scd_dbus_session_get_id (session));
        }

      if (ctx->json)
        {
          g_autoptr (JsonObject) object = json_object_new ();

          json_object_set_string_member (object, "id", id);
          json_object_set_string_member (object, "object-path", path);
          json_object_set_string_member (object, "state", state);
          json_object_set_string_member (object, "name", name);
          json_object_set_string_member (object, "source", source);
          json_array_add_object_element (array, g_steal_pointer (&object));
        }
      else
        {
          char **row = g_new0 (char *, 5);

          row[0] = g_strdup (id);
          row[1] = g_strdup (state);
          row[2] = g_strdup (name);
          row[3] = g_strdup (source);
          g_ptr_array_add (rows, row);
        }
    }
  g_list_free_full (sessions, g_object_unref);

  print_list (ctx, array, headers, rows, _("No sessions."));

  return SCENECTL_EXIT_OK;
}

int
scenectl_cmd_sources (ScenectlContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) optctx = NULL;
  g_autoptr (GVariant) sources = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (JsonArray) array = json_array_new ();
  ScdDbusManager *manager;
  GVariantIter iter;
  const char *name;
  const char *description;
  const char *kind;
  const char *headers[] = { _("SOURCE"), _("KIND"), _("DESCRIPTION"), NULL };

  optctx = scenectl_option_context_new (ctx, NULL,
                                        _("Lists the PulseAudio sources (microphones and "
                                          "output monitors) that record can take audio from."),
                                        NULL);
  if (!scenectl_parse_options (ctx, optctx, &argc, &argv, 0, 0))
    return SCENECTL_EXIT_USAGE;

  manager = scenectl_get_manager (ctx, &error);
  if (manager == NULL)
    return scenectl_report_error (ctx, error);
  if (!scd_dbus_manager_call_list_audio_sources_sync (manager, G_DBUS_CALL_FLAGS_NONE, -1, &sources,
                                                      NULL, &error))
    return scenectl_report_error (ctx, error);

  g_variant_iter_init (&iter, sources);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &name, &description, &kind))
    {
      if (ctx->json)
        {
          g_autoptr (JsonObject) object = json_object_new ();

          json_object_set_string_member (object, "name", name);
          json_object_set_string_member (object, "description", description);
          json_object_set_string_member (object, "kind", kind);
          json_array_add_object_element (array, g_steal_pointer (&object));
        }
      else
        {
          char **row = g_new0 (char *, 4);

          row[0] = g_strconcat (SCD_PULSE_PREFIX, name, NULL);
          row[1] = g_strdup (kind);
          row[2] = g_strdup (description);
          g_ptr_array_add (rows, row);
        }
    }

  print_list (ctx, array, headers, rows, _("No audio sources."));

  return SCENECTL_EXIT_OK;
}
