/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Helpers shared by the scenectl subcommands. The exit status rules live
 * here: a usage mistake (bad option, missing argument, a value that does
 * not parse) is 2 and is reported before the bus is touched; anything the
 * bus or the service refuses is 1, with the remote error prefix stripped.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "scd-option-table.h"
#include "scd-session-layout.h"
#include "scenectl-common.h"

void
scenectl_context_clear (ScenectlContext *ctx)
{
  g_clear_object (&ctx->manager);
  g_clear_object (&ctx->bus);
}

GOptionContext *
scenectl_option_context_new (ScenectlContext *ctx,
                             const char *parameter,
                             const char *summary,
                             const GOptionEntry *entries)
{
  const GOptionEntry common_entries[] = { { "json", 'j', 0, G_OPTION_ARG_NONE, &ctx->json,
                                            N_("Print JSON (JSON Lines for streams of events)"),
                                            NULL },
                                          G_OPTION_ENTRY_NULL };
  GOptionContext *optctx = g_option_context_new (parameter);

  g_option_context_set_translation_domain (optctx, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (optctx, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (optctx, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (optctx, common_entries, GETTEXT_PACKAGE);

  return optctx;
}

int
scenectl_usage_error (ScenectlContext *ctx, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", g_get_prgname (), message);
  g_printerr (_("Try “%s --help” for more information."), g_get_prgname ());
  g_printerr ("\n");

  return SCENECTL_EXIT_USAGE;
}

gboolean
scenectl_parse_options (ScenectlContext *ctx,
                        GOptionContext *optctx,
                        int *argc,
                        char ***argv,
                        int min_args,
                        int max_args)
{
  g_autoptr (GError) error = NULL;
  int n_args;

  if (!g_option_context_parse (optctx, argc, argv, &error))
    {
      scenectl_usage_error (ctx, "%s", error->message);
      return FALSE;
    }

  /* (*argv)[0] is the subcommand itself. */
  n_args = *argc - 1;
  if (n_args < min_args)
    {
      scenectl_usage_error (ctx, _("Missing argument"));
      return FALSE;
    }
  if (max_args >= 0 && n_args > max_args)
    {
      scenectl_usage_error (ctx, _("Too many arguments"));
      return FALSE;
    }

  return TRUE;
}

int
scenectl_report_error (ScenectlContext *ctx, GError *error)
{
  g_dbus_error_strip_remote_error (error);

  if (error->domain == G_OPTION_ERROR)
    return scenectl_usage_error (ctx, "%s", error->message);

  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return SCENECTL_EXIT_ERROR;
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

char *
scenectl_resolve_source (const char *arg)
{
  const char *scheme;

  /* An existing file wins even if its name looks like "scheme:rest". */
  if (g_file_test (arg, G_FILE_TEST_EXISTS))
    return g_canonicalize_filename (arg, NULL);

  scheme = g_uri_peek_scheme (arg);
  if (scheme == NULL)
    return g_canonicalize_filename (arg, NULL);

  if (g_str_equal (scheme, "file"))
    {
      char *path = g_filename_from_uri (arg, NULL, NULL);

      if (path != NULL)
        return path;
    }

  return g_strdup (arg);
}

gboolean
scenectl_parse_typed_value (const char *key,
                            const char *text,
                            const GVariantType *type,
                            GVariant **out,
                            GError **error)
{
  if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING))
    {
      if (!g_utf8_validate (text, -1, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("The value for “%s” is not valid UTF-8"), key);
          return FALSE;
        }
      *out = g_variant_ref_sink (g_variant_new_string (text));
      return TRUE;
    }

  if (g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE))
    {
      char *end = NULL;
      double value = g_ascii_strtod (text, &end);

      if (*text == '\0' || end == NULL || *end != '\0' || !isfinite (value))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Invalid value “%s” for “%s”: expected a number"), text, key);
          return FALSE;
        }
      *out = g_variant_ref_sink (g_variant_new_double (value));
      return TRUE;
    }

  if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT32))
    {
      guint64 value = 0;

      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Invalid value “%s” for “%s”: expected a whole number"), text, key);
          return FALSE;
        }
      *out = g_variant_ref_sink (g_variant_new_uint32 ((guint32) value));
      return TRUE;
    }

  if (g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN))
    {
      static const char *const yes[] = { "true", "yes", "on", "1", NULL };
      static const char *const no[] = { "false", "no", "off", "0", NULL };
      g_autofree char *lower = g_ascii_strdown (text, -1);

      if (g_strv_contains (yes, lower) || g_strv_contains (no, lower))
        {
          *out = g_variant_ref_sink (g_variant_new_boolean (g_strv_contains (yes, lower)));
          return TRUE;
        }
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Invalid value “%s” for “%s”: expected true or false"), text, key);
      return FALSE;
    }

  g_return_val_if_reached (FALSE);
}

gboolean
scenectl_parse_session_option (GVariantDict *dict,
                               const char *key,
                               const char *text,
                               GError **error)
{
  const ScdOption *option = scd_option_table_find (&scd_create_session_options, key);
  g_autoptr (GVariant) value = NULL;

  /* A CreateSession option goes out with the type the service takes, so
   * that "-o audio-sample-rate=48000" is a u, not a string. */
  if (option != NULL)
    {
      if (!scenectl_parse_typed_value (key, text, G_VARIANT_TYPE (option->type), &value, error))
        return FALSE;
      g_variant_dict_insert_value (dict, key, value);
      return TRUE;
    }

  if (!g_utf8_validate (key, -1, NULL) || *key == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("Invalid option name “%s”"),
                   key);
      return FALSE;
    }

  /* A key this client does not know may be newer than it: pass it on in
   * GVariant text syntax where it parses ("42", "true", "'x'"), else as a
   * string, and let the service judge it. */
  value = g_variant_parse (NULL, text, NULL, NULL, NULL);
  if (value == NULL)
    {
      if (!scenectl_parse_typed_value (key, text, G_VARIANT_TYPE_STRING, &value, error))
        return FALSE;
    }
  g_variant_dict_insert_value (dict, key, value);
  return TRUE;
}

char *
scenectl_format_frame (GVariant *frame)
{
  const char *id = "?";
  const char *reason = "";
  const char *path = "";
  double timestamp = 0.0;
  double score = 0.0;

  g_variant_lookup (frame, "id", "&s", &id);
  g_variant_lookup (frame, "reason", "&s", &reason);
  g_variant_lookup (frame, "path", "&s", &path);
  g_variant_lookup (frame, "timestamp", "d", &timestamp);
  g_variant_lookup (frame, "score", "d", &score);

  /* Translators: one scene frame: its id (F0001), its time in seconds,
   * why it was written (first, scene, interval or capture: these words
   * stay in English), the scene score, the path of its JPEG. Keep the
   * field widths so that the lines form columns. */
  return g_strdup_printf (_("frame %s  %9.3fs  %-8s  score %5.1f  %s"), id, timestamp, reason,
                          score, path);
}

char *
scenectl_format_chunk (GVariant *chunk)
{
  guint32 index = 0;
  guint64 samples = 0;
  const char *path = "";
  double start = 0.0;
  double duration = 0.0;
  g_autofree char *samples_str = NULL;

  g_variant_lookup (chunk, "index", "u", &index);
  g_variant_lookup (chunk, "samples", "t", &samples);
  g_variant_lookup (chunk, "path", "&s", &path);
  g_variant_lookup (chunk, "start", "d", &start);
  g_variant_lookup (chunk, "duration", "d", &duration);
  samples_str = g_strdup_printf ("%" G_GUINT64_FORMAT, samples);

  /* Translators: one audio chunk: its number, its start and its length
   * in seconds, how many samples (per channel) it holds, the path of its
   * WAV file. Keep the field widths so that the lines form columns. */
  return g_strdup_printf (_("chunk %-4u %9.3fs +%.3fs  %8s samples  %s"), index, start, duration,
                          samples_str, path);
}

char *
scenectl_format_segment (guint index, const char *path, double start)
{
  /* Translators: a new recording segment: its number, its start on the
   * session timeline in seconds, the path of its file. */
  return g_strdup_printf (_("segment %u  %9.3fs  %s"), index, start, path);
}

void
scenectl_print_json (JsonNode *node, gboolean pretty)
{
  g_autofree char *text = json_to_string (node, pretty);

  /* Raw UTF-8 whatever the locale: g_print() would transliterate. */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

void
scenectl_print_json_object (JsonObject *object, gboolean pretty)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);

  scenectl_print_json (node, pretty);
}

void
scenectl_print_json_array (JsonArray *array, gboolean pretty)
{
  g_autoptr (JsonNode) node = json_node_init_array (json_node_alloc (), array);

  scenectl_print_json (node, pretty);
}

/* Appends the members of an a{sv} (a frame or chunk entry, a property
 * dict) to @object, in the order the service sent them. */
void
scenectl_json_add_variant_members (JsonObject *object, GVariant *dict)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    json_object_set_member (object, key, json_gvariant_serialize (value));
}

/* The JSON twin of scenectl_format_segment(). */
void
scenectl_json_add_segment_members (JsonObject *object, guint index, const char *path, double start)
{
  json_object_set_int_member (object, "index", index);
  json_object_set_string_member (object, "path", path);
  json_object_set_double_member (object, "start", start);
}

JsonObject *
scenectl_json_event_new (const char *event, GVariant *dict)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "event", event);
  if (dict != NULL)
    scenectl_json_add_variant_members (object, dict);

  return object;
}

static void
print_padded (const char *text, gsize width)
{
  glong len = g_utf8_strlen (text, -1);

  g_print ("%s", text);
  for (glong i = len; i < (glong) width; i++)
    g_print (" ");
}

void
scenectl_print_table (const char *const *headers, GPtrArray *rows)
{
  guint n_columns = g_strv_length ((char **) headers);
  g_autofree gsize *widths = g_new0 (gsize, n_columns);

  for (guint c = 0; c < n_columns; c++)
    widths[c] = g_utf8_strlen (headers[c], -1);
  for (guint r = 0; r < rows->len; r++)
    {
      const char *const *row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        widths[c] = MAX (widths[c], (gsize) g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r <= rows->len; r++)
    {
      const char *const *row = r == 0 ? headers : g_ptr_array_index (rows, r - 1);

      for (guint c = 0; c < n_columns; c++)
        {
          if (c + 1 < n_columns)
            {
              print_padded (row[c], widths[c]);
              g_print ("  ");
            }
          else
            g_print ("%s\n", row[c]);
        }
    }
}

void
scenectl_fields_add (GPtrArray *fields, const char *label, char *value)
{
  g_ptr_array_add (fields, g_strdup_printf ("%s:", label));
  g_ptr_array_add (fields, value != NULL ? value : g_strdup (""));
}

void
scenectl_print_fields (GPtrArray *fields)
{
  gsize width = 0;

  for (guint i = 0; i < fields->len; i += 2)
    width = MAX (width, (gsize) g_utf8_strlen (g_ptr_array_index (fields, i), -1));

  for (guint i = 0; i < fields->len; i += 2)
    {
      g_print ("  ");
      print_padded (g_ptr_array_index (fields, i), width + 1);
      g_print ("%s\n", (const char *) g_ptr_array_index (fields, i + 1));
    }
}
