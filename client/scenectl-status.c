/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scenectl status [SESSION]: every property of a session (its Session,
 * SceneDetector and AudioExtractor interfaces together), or of the service
 * and all its sessions. In JSON the keys are the properties' names in
 * lower-case-with-dashes; AudioExtractor.Source becomes "audio-source"
 * since Session has a Source too.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scenectl-commands.h"
#include "scenectl-context.h"
#include "scenectl-output.h"
#include "scenectl-session.h"

static const char *
or_empty (const char *s)
{
  return s != NULL ? s : "";
}

static JsonObject *
session_to_json (ScenectlSession *s)
{
  JsonObject *object = json_object_new ();
  ScdDbusSession *session = s->session;

  json_object_set_string_member (object, "id", scenectl_session_id (s));
  json_object_set_string_member (object, "object-path", s->path);
  json_object_set_string_member (object, "name", or_empty (scd_dbus_session_get_name (session)));
  json_object_set_string_member (object, "source",
                                 or_empty (scd_dbus_session_get_source (session)));
  json_object_set_string_member (object, "directory",
                                 or_empty (scd_dbus_session_get_directory (session)));
  json_object_set_string_member (object, "state", or_empty (scd_dbus_session_get_state (session)));
  json_object_set_string_member (object, "error", or_empty (scd_dbus_session_get_error (session)));
  json_object_set_string_member (object, "error-name",
                                 or_empty (scd_dbus_session_get_error_name (session)));
  json_object_set_boolean_member (object, "live", scd_dbus_session_get_live (session));
  json_object_set_double_member (object, "position", scd_dbus_session_get_position (session));
  json_object_set_double_member (object, "progress", scd_dbus_session_get_progress (session));
  json_object_set_string_member (object, "video-decoder",
                                 or_empty (scd_dbus_session_get_video_decoder (session)));
  json_object_set_int_member (object, "segment-count",
                              scd_dbus_session_get_segment_count (session));
  json_object_set_int_member (object, "frames-decoded",
                              (gint64) scd_dbus_session_get_frames_decoded (session));
  json_object_set_double_member (object, "proxy-progress",
                                 scd_dbus_session_get_proxy_progress (session));

  if (s->detector != NULL)
    {
      json_object_set_int_member (object, "frame-count",
                                  scd_dbus_scene_detector_get_frame_count (s->detector));
      json_object_set_double_member (object, "threshold",
                                     scd_dbus_scene_detector_get_threshold (s->detector));
      json_object_set_double_member (object, "min-scene-length",
                                     scd_dbus_scene_detector_get_min_scene_length (s->detector));
      json_object_set_double_member (object, "max-frame-interval",
                                     scd_dbus_scene_detector_get_max_frame_interval (s->detector));
    }

  if (s->audio != NULL)
    {
      json_object_set_int_member (object, "chunk-count",
                                  scd_dbus_audio_extractor_get_chunk_count (s->audio));
      json_object_set_double_member (object, "chunk-duration",
                                     scd_dbus_audio_extractor_get_chunk_duration (s->audio));
      json_object_set_int_member (object, "sample-rate",
                                  scd_dbus_audio_extractor_get_sample_rate (s->audio));
      json_object_set_int_member (object, "channels",
                                  scd_dbus_audio_extractor_get_channels (s->audio));
      json_object_set_string_member (object, "audio-source",
                                     or_empty (scd_dbus_audio_extractor_get_source (s->audio)));
      json_object_set_int_member (object, "overruns",
                                  (gint64) scd_dbus_audio_extractor_get_overruns (s->audio));
    }

  return object;
}

static char *
format_seconds (double seconds)
{
  /* Translators: a duration or a time on the session timeline. */
  return g_strdup_printf (_("%.3f s"), seconds);
}

static void
print_session_text (ScenectlSession *s)
{
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  ScdDbusSession *session = s->session;
  const char *error = scd_dbus_session_get_error (session);
  const char *error_name = scd_dbus_session_get_error_name (session);
  const char *decoder = scd_dbus_session_get_video_decoder (session);
  double progress = scd_dbus_session_get_progress (session);
  double proxy_progress = scd_dbus_session_get_proxy_progress (session);

  g_print (_("Session %s"), scenectl_session_id (s));
  g_print ("\n");

  scenectl_fields_add (fields, _("Object path"), g_strdup (s->path));
  scenectl_fields_add (fields, _("Name"), g_strdup (scd_dbus_session_get_name (session)));
  scenectl_fields_add (fields, _("Source"), g_strdup (scd_dbus_session_get_source (session)));
  scenectl_fields_add (fields, _("Directory"),
                       g_strdup (scd_dbus_session_get_directory (session)));
  scenectl_fields_add (fields, _("State"), g_strdup (scd_dbus_session_get_state (session)));
  if (error != NULL && *error != '\0')
    scenectl_fields_add (fields, _("Error"), g_strdup (error));
  if (error_name != NULL && *error_name != '\0')
    scenectl_fields_add (fields, _("Error name"), g_strdup (error_name));
  scenectl_fields_add (fields, _("Live"),
                       g_strdup (scd_dbus_session_get_live (session) ? _("yes") : _("no")));
  scenectl_fields_add (fields, _("Position"),
                       format_seconds (scd_dbus_session_get_position (session)));
  scenectl_fields_add (fields, _("Progress"),
                       progress < 0.0 ? g_strdup (_("live source"))
                                      : g_strdup_printf ("%.1f %%", progress * 100.0));
  scenectl_fields_add (
      fields, _("Video decoder"),
      g_strdup (decoder != NULL && *decoder != '\0' ? decoder : C_("video decoder", "none")));
  scenectl_fields_add (fields, _("Segments"),
                       g_strdup_printf ("%u", scd_dbus_session_get_segment_count (session)));
  scenectl_fields_add (
      fields, _("Frames decoded"),
      g_strdup_printf ("%" G_GUINT64_FORMAT, scd_dbus_session_get_frames_decoded (session)));
  if (proxy_progress >= 0.0)
    scenectl_fields_add (fields, _("Proxy progress"),
                         g_strdup_printf ("%.1f %%", proxy_progress * 100.0));

  if (s->detector != NULL)
    {
      double interval = scd_dbus_scene_detector_get_max_frame_interval (s->detector);

      scenectl_fields_add (
          fields, _("Scene frames"),
          g_strdup_printf ("%u", scd_dbus_scene_detector_get_frame_count (s->detector)));
      scenectl_fields_add (
          fields, _("Scene threshold"),
          g_strdup_printf ("%.1f", scd_dbus_scene_detector_get_threshold (s->detector)));
      scenectl_fields_add (
          fields, _("Minimum scene length"),
          format_seconds (scd_dbus_scene_detector_get_min_scene_length (s->detector)));
      scenectl_fields_add (fields, _("Maximum frame interval"),
                           interval > 0.0 ? format_seconds (interval) : g_strdup (_("off")));
    }

  if (s->audio != NULL)
    {
      scenectl_fields_add (
          fields, _("Audio chunks"),
          g_strdup_printf ("%u", scd_dbus_audio_extractor_get_chunk_count (s->audio)));
      scenectl_fields_add (fields, _("Chunk duration"),
                           format_seconds (scd_dbus_audio_extractor_get_chunk_duration (s->audio)));
      scenectl_fields_add (
          fields, _("Sample rate"),
          /* Translators: a sample rate in hertz. */
          g_strdup_printf (_("%u Hz"), scd_dbus_audio_extractor_get_sample_rate (s->audio)));
      scenectl_fields_add (
          fields, _("Channels"),
          g_strdup_printf ("%u", scd_dbus_audio_extractor_get_channels (s->audio)));
      scenectl_fields_add (fields, _("Audio source"),
                           g_strdup (scd_dbus_audio_extractor_get_source (s->audio)));
      scenectl_fields_add (
          fields, _("Overruns"),
          g_strdup_printf ("%" G_GUINT64_FORMAT, scd_dbus_audio_extractor_get_overruns (s->audio)));
    }

  scenectl_print_fields (fields);
}

static ScenectlSession *
session_from_object (ScdDbusObject *object)
{
  ScenectlSession *s = g_new0 (ScenectlSession, 1);

  s->path = g_strdup (g_dbus_object_get_object_path (G_DBUS_OBJECT (object)));
  s->session = scd_dbus_object_get_session (object);
  s->detector = scd_dbus_object_get_scene_detector (object);
  s->audio = scd_dbus_object_get_audio_extractor (object);

  return s;
}

static int
service_status (ScenectlContext *ctx)
{
  g_autoptr (GDBusObjectManager) object_manager = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) array = json_array_new ();
  const char *const *decoders;
  g_autofree char *decoders_str = NULL;
  g_autofree char *owner = NULL;
  ScdDbusManager *manager;
  GList *sessions;

  manager = scenectl_get_manager (ctx, &error);
  if (manager == NULL)
    return scenectl_report_error (ctx, error);
  object_manager = scenectl_object_manager_new (ctx, &error);
  if (object_manager == NULL)
    return scenectl_report_error (ctx, error);

  owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (manager));
  if (owner == NULL)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   _("The scened service is not running and could not be started"));
      return scenectl_report_error (ctx, error);
    }

  decoders = scd_dbus_manager_get_hardware_decoders (manager);
  sessions = scenectl_list_sessions (object_manager);

  if (ctx->json)
    {
      g_autoptr (JsonObject) object = json_object_new ();
      g_autoptr (JsonArray) hw = json_array_new ();

      for (const char *const *d = decoders; d != NULL && *d != NULL; d++)
        json_array_add_string_element (hw, *d);
      json_object_set_string_member (object, "version",
                                     or_empty (scd_dbus_manager_get_version (manager)));
      json_object_set_string_member (object, "data-directory",
                                     or_empty (scd_dbus_manager_get_data_directory (manager)));
      json_object_set_array_member (object, "hardware-decoders", g_steal_pointer (&hw));
      for (GList *l = sessions; l != NULL; l = l->next)
        {
          g_autoptr (ScenectlSession) s = session_from_object (l->data);

          json_array_add_object_element (array, session_to_json (s));
        }
      json_object_set_array_member (object, "sessions", json_array_ref (array));
      scenectl_print_json_object (object, TRUE);
    }
  else
    {
      g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);

      if (decoders != NULL && decoders[0] != NULL)
        decoders_str = g_strjoinv (", ", (char **) decoders);

      g_print (_("scened %s"), or_empty (scd_dbus_manager_get_version (manager)));
      g_print ("\n");
      scenectl_fields_add (fields, _("Data directory"),
                           g_strdup (scd_dbus_manager_get_data_directory (manager)));
      scenectl_fields_add (
          fields, _("Hardware decoders"),
          g_strdup (decoders_str != NULL ? decoders_str : C_("hardware decoders", "none")));
      scenectl_fields_add (fields, _("Sessions"),
                           g_strdup_printf ("%u", g_list_length (sessions)));
      scenectl_print_fields (fields);

      for (GList *l = sessions; l != NULL; l = l->next)
        {
          g_autoptr (ScenectlSession) s = session_from_object (l->data);

          g_print ("\n");
          print_session_text (s);
        }
    }

  g_list_free_full (sessions, g_object_unref);
  return SCENECTL_EXIT_OK;
}

int
scenectl_cmd_status (ScenectlContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) optctx = NULL;
  g_autoptr (ScenectlSession) s = NULL;
  g_autoptr (GError) error = NULL;

  optctx = scenectl_option_context_new (ctx, _("[SESSION]"),
                                        _("Shows every property of SESSION, or of the service "
                                          "and all its sessions.\n"
                                          "SESSION is a session id, its object path or its "
                                          "directory."),
                                        NULL);
  if (!scenectl_parse_options (ctx, optctx, &argc, &argv, 0, 1))
    return SCENECTL_EXIT_USAGE;

  if (argc < 2)
    return service_status (ctx);

  s = scenectl_session_lookup (ctx, argv[1], &error);
  if (s == NULL)
    return scenectl_report_error (ctx, error);

  if (ctx->json)
    {
      g_autoptr (JsonObject) object = session_to_json (s);

      scenectl_print_json_object (object, TRUE);
    }
  else
    {
      print_session_text (s);
    }

  return SCENECTL_EXIT_OK;
}
