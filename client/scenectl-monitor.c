/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scenectl monitor [SESSION]: one line, with a local timestamp, for every
 * signal of every session (or of one): new frames, audio chunks, segments,
 * property changes, and sessions coming and going. Everything arrives
 * through one GDBusObjectManagerClient, which also follows the service
 * when it exits and is started again.
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>

#include "scenectl-commands.h"
#include "scenectl-context.h"
#include "scenectl-output.h"
#include "scenectl-session.h"

typedef struct
{
  ScenectlContext *ctx;
  GMainLoop *loop;
  GDBusObjectManager *manager;
  char *filter_path;
} Monitor;

static void
monitor_clear (Monitor *mon)
{
  g_clear_pointer (&mon->loop, g_main_loop_unref);
  g_clear_object (&mon->manager);
  g_clear_pointer (&mon->filter_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Monitor, monitor_clear)

static char *
object_id (GDBusObject *object)
{
  ScdDbusSession *session = NULL;
  const char *id;

  if (SCD_DBUS_IS_OBJECT (object))
    session = scd_dbus_object_peek_session (SCD_DBUS_OBJECT (object));
  id = session != NULL ? scd_dbus_session_get_id (session) : NULL;
  if (id != NULL && *id != '\0')
    return g_strdup (id);

  return scenectl_id_from_path (g_dbus_object_get_object_path (object));
}

/* The id of a session this monitor follows; NULL for any other object
 * (the manager itself, or a session other than the one asked for). */
static char *
wanted_id (Monitor *mon, GDBusObject *object)
{
  const char *path = g_dbus_object_get_object_path (object);

  if (!g_str_has_prefix (path, SCENECTL_SESSION_PATH_PREFIX))
    return NULL;
  if (mon->filter_path != NULL && !g_str_equal (mon->filter_path, path))
    return NULL;

  return object_id (object);
}

/* The start of a JSON Lines record: when, which session, what. */
static JsonObject *
json_event_new (const char *id, const char *event)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "time", stamp);
  if (id != NULL)
    json_object_set_string_member (object, "session", id);
  json_object_set_string_member (object, "event", event);

  return object;
}

static void
print_line (const char *id, const char *text)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *hms = g_date_time_format (now, "%H:%M:%S");

  if (id != NULL)
    g_print ("%s.%03d  %s  %s\n", hms, g_date_time_get_microsecond (now) / 1000, id, text);
  else
    g_print ("%s.%03d  %s\n", hms, g_date_time_get_microsecond (now) / 1000, text);
  fflush (stdout);
}

static void
print_entry (Monitor *mon, const char *id, const char *event, GVariant *entry)
{
  if (mon->ctx->json)
    {
      g_autoptr (JsonObject) object = json_event_new (id, event);

      scenectl_json_add_variant_members (object, entry);
      scenectl_print_json_object (object, FALSE);
    }
  else
    {
      g_autofree char *text = g_str_equal (event, "frame") ? scenectl_format_frame (entry)
                                                           : scenectl_format_chunk (entry);

      print_line (id, text);
    }
}

static char *
format_value (GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (value, NULL);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    return g_strdup_printf ("%.3f", g_variant_get_double (value));
  return g_variant_print (value, FALSE);
}

static void
on_properties_changed (GDBusObjectManagerClient *manager,
                       GDBusObjectProxy *object,
                       GDBusProxy *interface,
                       GVariant *changed,
                       GStrv invalidated,
                       gpointer user_data)
{
  Monitor *mon = user_data;
  g_autofree char *id = wanted_id (mon, G_DBUS_OBJECT (object));

  if (id == NULL)
    return;

  if (mon->ctx->json)
    {
      g_autoptr (JsonObject) object_json = json_event_new (id, "properties");

      json_object_set_string_member (object_json, "interface",
                                     g_dbus_proxy_get_interface_name (interface));
      json_object_set_member (object_json, "changed", json_gvariant_serialize (changed));
      scenectl_print_json_object (object_json, FALSE);
    }
  else
    {
      g_autoptr (GString) text = g_string_new (_("changed"));
      GVariantIter iter;
      const char *name;
      GVariant *value;

      g_variant_iter_init (&iter, changed);
      while (g_variant_iter_loop (&iter, "{&sv}", &name, &value))
        {
          g_autofree char *str = format_value (value);

          g_string_append_printf (text, "  %s=%s", name, str);
        }
      print_line (id, text->str);
    }
}

static void
on_signal (GDBusObjectManagerClient *manager,
           GDBusObjectProxy *object,
           GDBusProxy *interface,
           const char *sender,
           const char *signal_name,
           GVariant *parameters,
           gpointer user_data)
{
  Monitor *mon = user_data;
  g_autofree char *id = wanted_id (mon, G_DBUS_OBJECT (object));

  if (id == NULL)
    return;

  if (g_str_equal (signal_name, "NewFrames")
      && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(aa{sv})")))
    {
      g_autoptr (GVariant) frames = g_variant_get_child_value (parameters, 0);
      GVariantIter iter;
      GVariant *frame;

      g_variant_iter_init (&iter, frames);
      while ((frame = g_variant_iter_next_value (&iter)) != NULL)
        {
          print_entry (mon, id, "frame", frame);
          g_variant_unref (frame);
        }
    }
  else if (g_str_equal (signal_name, "AudioChunk")
           && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(a{sv})")))
    {
      g_autoptr (GVariant) chunk = g_variant_get_child_value (parameters, 0);

      print_entry (mon, id, "chunk", chunk);
    }
  else if (g_str_equal (signal_name, "SegmentStarted")
           && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(usd)")))
    {
      guint32 index;
      const char *path;
      double start;

      g_variant_get (parameters, "(u&sd)", &index, &path, &start);
      if (mon->ctx->json)
        {
          g_autoptr (JsonObject) object_json = json_event_new (id, "segment");

          scenectl_json_add_segment_members (object_json, index, path, start);
          scenectl_print_json_object (object_json, FALSE);
        }
      else
        {
          g_autofree char *text = scenectl_format_segment (index, path, start);

          print_line (id, text);
        }
    }
  else
    {
      /* A signal newer than this client: show it raw rather than hide it. */
      if (mon->ctx->json)
        {
          g_autoptr (JsonObject) object_json = json_event_new (id, "signal");

          json_object_set_string_member (object_json, "interface",
                                         g_dbus_proxy_get_interface_name (interface));
          json_object_set_string_member (object_json, "signal", signal_name);
          json_object_set_member (object_json, "parameters", json_gvariant_serialize (parameters));
          scenectl_print_json_object (object_json, FALSE);
        }
      else
        {
          g_autofree char *params = g_variant_print (parameters, FALSE);
          g_autofree char *text = g_strdup_printf ("%s %s", signal_name, params);

          print_line (id, text);
        }
    }
}

static void
on_object_added (GDBusObjectManager *manager, GDBusObject *object, gpointer user_data)
{
  Monitor *mon = user_data;
  g_autofree char *id = wanted_id (mon, object);
  ScdDbusSession *session = NULL;
  const char *name = NULL;
  const char *source = NULL;
  const char *state = NULL;

  if (id == NULL)
    return;

  if (SCD_DBUS_IS_OBJECT (object))
    session = scd_dbus_object_peek_session (SCD_DBUS_OBJECT (object));
  if (session != NULL)
    {
      name = scd_dbus_session_get_name (session);
      source = scd_dbus_session_get_source (session);
      state = scd_dbus_session_get_state (session);
    }

  if (mon->ctx->json)
    {
      g_autoptr (JsonObject) object_json = json_event_new (id, "added");

      json_object_set_string_member (object_json, "object-path",
                                     g_dbus_object_get_object_path (object));
      json_object_set_string_member (object_json, "name", name != NULL ? name : "");
      json_object_set_string_member (object_json, "source", source != NULL ? source : "");
      json_object_set_string_member (object_json, "state", state != NULL ? state : "");
      scenectl_print_json_object (object_json, FALSE);
    }
  else
    {
      /* Translators: a session appeared: its name, state and source. */
      g_autofree char *text = g_strdup_printf (_("added  %s  %s  %s"), name != NULL ? name : "",
                                               state != NULL ? state : "",
                                               source != NULL ? source : "");

      print_line (id, text);
    }
}

static void
on_object_removed (GDBusObjectManager *manager, GDBusObject *object, gpointer user_data)
{
  Monitor *mon = user_data;
  g_autofree char *id = wanted_id (mon, object);

  if (id == NULL)
    return;

  if (mon->ctx->json)
    {
      g_autoptr (JsonObject) object_json = json_event_new (id, "removed");

      scenectl_print_json_object (object_json, FALSE);
    }
  else
    {
      print_line (id, _("removed"));
    }
}

static void
on_name_owner (GObject *manager, GParamSpec *pspec, gpointer user_data)
{
  Monitor *mon = user_data;
  g_autofree char *owner = g_dbus_object_manager_client_get_name_owner (
      G_DBUS_OBJECT_MANAGER_CLIENT (manager));

  if (mon->ctx->json)
    {
      g_autoptr (JsonObject) object_json = json_event_new (NULL, "service");

      json_object_set_boolean_member (object_json, "running", owner != NULL);
      scenectl_print_json_object (object_json, FALSE);
    }
  else
    {
      print_line (NULL, owner != NULL ? _("the service started") : _("the service exited"));
    }
}

static gboolean
on_interrupt (gpointer user_data)
{
  Monitor *mon = user_data;

  g_main_loop_quit (mon->loop);
  return G_SOURCE_CONTINUE;
}

int
scenectl_cmd_monitor (ScenectlContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) optctx = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (Monitor) mon = { 0 };
  guint sigint_id;
  guint sigterm_id;

  optctx = scenectl_option_context_new (ctx, _("[SESSION]"),
                                        _("Prints every signal of every session (or of SESSION) "
                                          "as it comes, one line each,\n"
                                          "until Ctrl-C."),
                                        NULL);
  if (!scenectl_parse_options (ctx, optctx, &argc, &argv, 0, 1))
    return SCENECTL_EXIT_USAGE;

  if (argc > 1)
    {
      g_autoptr (ScenectlSession) s = scenectl_session_lookup (ctx, argv[1], &error);

      if (s == NULL)
        return scenectl_report_error (ctx, error);
      mon.filter_path = g_strdup (s->path);
    }

  mon.ctx = ctx;
  mon.manager = scenectl_object_manager_new (ctx, &error);
  if (mon.manager == NULL)
    return scenectl_report_error (ctx, error);
  mon.loop = g_main_loop_new (NULL, FALSE);

  g_signal_connect (mon.manager, "object-added", G_CALLBACK (on_object_added), &mon);
  g_signal_connect (mon.manager, "object-removed", G_CALLBACK (on_object_removed), &mon);
  g_signal_connect (mon.manager, "interface-proxy-signal", G_CALLBACK (on_signal), &mon);
  g_signal_connect (mon.manager, "interface-proxy-properties-changed",
                    G_CALLBACK (on_properties_changed), &mon);
  g_signal_connect (mon.manager, "notify::name-owner", G_CALLBACK (on_name_owner), &mon);

  sigint_id = g_unix_signal_add (SIGINT, on_interrupt, &mon);
  sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, &mon);

  g_main_loop_run (mon.loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_signal_handlers_disconnect_by_data (mon.manager, &mon);

  return SCENECTL_EXIT_OK;
}
