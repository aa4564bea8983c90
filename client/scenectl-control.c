/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The subcommands that act on one session with one call: stop, close,
 * capture, proxy and set. Each checks its arguments before it touches the
 * bus, so that a typo is a usage error (2) and never half an action.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scenectl-commands.h"
#include "scenectl-context.h"
#include "scenectl-output.h"
#include "scenectl-session.h"
#include "scenectl-values.h"

/* stop and close differ only in the method they call and in what they
 * say about it: one body, as analyze_or_record() does for its pair. */
static int
stop_or_close (ScenectlContext *ctx, int argc, char **argv, gboolean closing)
{
  g_autoptr (GOptionContext) optctx = NULL;
  g_autoptr (ScenectlSession) s = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (closing)
    optctx = scenectl_option_context_new (ctx, _("SESSION"),
                                          _("Stops SESSION if needed and removes it from the bus. "
                                            "Its files stay on disk."),
                                          NULL);
  else
    optctx = scenectl_option_context_new (ctx, _("SESSION"),
                                          _("Stops SESSION cleanly: flushes what was decoded, "
                                            "writes its indexes\n"
                                            "and returns once it has stopped."),
                                          NULL);
  if (!scenectl_parse_options (ctx, optctx, &argc, &argv, 1, 1))
    return SCENECTL_EXIT_USAGE;

  s = scenectl_session_lookup (ctx, argv[1], &error);
  if (s == NULL)
    return scenectl_report_error (ctx, error);

  if (closing)
    ok = scd_dbus_session_call_close_sync (s->session, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  else
    ok = scd_dbus_session_call_stop_sync (s->session, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  if (!ok)
    return scenectl_report_error (ctx, error);

  if (ctx->json)
    {
      g_autoptr (JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "id", scenectl_session_id (s));
      json_object_set_string_member (object, "object-path", s->path);
      /* A closed session has left the bus: it has no state to report. */
      if (!closing)
        json_object_set_string_member (object, "state", "stopped");
      scenectl_print_json_object (object, TRUE);
    }
  else if (closing)
    {
      g_print (_("Session %s closed."), scenectl_session_id (s));
      g_print ("\n");
    }
  else
    {
      g_print (_("Session %s stopped."), scenectl_session_id (s));
      g_print ("\n");
    }

  return SCENECTL_EXIT_OK;
}

int
scenectl_cmd_stop (ScenectlContext *ctx, int argc, char **argv)
{
  return stop_or_close (ctx, argc, argv, FALSE);
}

int
scenectl_cmd_close (ScenectlContext *ctx, int argc, char **argv)
{
  return stop_or_close (ctx, argc, argv, TRUE);
}

int
scenectl_cmd_capture (ScenectlContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) optctx = NULL;
  g_autoptr (ScenectlSession) s = NULL;
  g_autoptr (GVariant) frame = NULL;
  g_autoptr (GError) error = NULL;

  optctx = scenectl_option_context_new (ctx, _("SESSION"),
                                        _("Writes the latest decoded frame of SESSION now, "
                                          "without waiting for a scene change."),
                                        NULL);
  if (!scenectl_parse_options (ctx, optctx, &argc, &argv, 1, 1))
    return SCENECTL_EXIT_USAGE;

  s = scenectl_session_lookup (ctx, argv[1], &error);
  if (s == NULL)
    return scenectl_report_error (ctx, error);

  if (!scd_dbus_session_call_capture_frame_sync (s->session, G_DBUS_CALL_FLAGS_NONE, -1, &frame,
                                                 NULL, &error))
    return scenectl_report_error (ctx, error);

  if (ctx->json)
    {
      g_autoptr (JsonNode) node = json_gvariant_serialize (frame);

      scenectl_print_json (node, TRUE);
    }
  else
    {
      g_autofree char *line = scenectl_format_frame (frame);

      g_print ("%s\n", line);
    }

  return SCENECTL_EXIT_OK;
}

int
scenectl_cmd_proxy (ScenectlContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) optctx = NULL;
  g_autoptr (ScenectlSession) s = NULL;
  g_auto (GStrv) paths = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  int height = 0;
  const GOptionEntry entries[] = {
    { "height", 'H', 0, G_OPTION_ARG_INT, &height,
      N_("Height of the proxy in pixels (the service's default is 360)"), N_("PIXELS") },
    G_OPTION_ENTRY_NULL
  };

  optctx = scenectl_option_context_new (ctx, _("SESSION"),
                                        _("Makes an all-intra MJPEG proxy of each recorded "
                                          "segment of SESSION, for frame-accurate scrubbing,\n"
                                          "and prints their paths."),
                                        entries);
  if (!scenectl_parse_options (ctx, optctx, &argc, &argv, 1, 1))
    return SCENECTL_EXIT_USAGE;
  if (height < 0)
    return scenectl_usage_error (ctx, _("The height must be a positive number of pixels"));
  if (!scenectl_session_arg_valid (argv[1], &error))
    return scenectl_report_error (ctx, error);

  if (height > 0)
    g_variant_dict_insert (&dict, "height", "u", (guint32) height);

  s = scenectl_session_lookup (ctx, argv[1], &error);
  if (s == NULL)
    return scenectl_report_error (ctx, error);

  if (!scd_dbus_session_call_generate_proxy_sync (s->session, g_variant_dict_end (&dict),
                                                  G_DBUS_CALL_FLAGS_NONE, -1, &paths, NULL, &error))
    return scenectl_report_error (ctx, error);

  if (ctx->json)
    {
      g_autoptr (JsonArray) array = json_array_new ();

      for (char **p = paths; *p != NULL; p++)
        json_array_add_string_element (array, *p);
      scenectl_print_json_array (array, TRUE);
    }
  else
    {
      for (char **p = paths; *p != NULL; p++)
        g_print ("%s\n", *p);
    }

  return SCENECTL_EXIT_OK;
}

typedef struct
{
  const char *key;
  const char *interface;
  const char *property;
  const char *type;
} Setting;

static const Setting settings[] = {
  { "threshold", SCENECTL_SCENE_DETECTOR_IFACE, "Threshold", "d" },
  { "min-scene-length", SCENECTL_SCENE_DETECTOR_IFACE, "MinSceneLength", "d" },
  { "max-frame-interval", SCENECTL_SCENE_DETECTOR_IFACE, "MaxFrameInterval", "d" },
  { "exclude-regions", SCENECTL_SCENE_DETECTOR_IFACE, "ExcludeRegions", "a(dddd)" },
  { "watch-region", SCENECTL_SCENE_DETECTOR_IFACE, "WatchRegion", "(dddd)" },
  { "chunk-duration", SCENECTL_AUDIO_EXTRACTOR_IFACE, "ChunkDuration", "d" },
};

int
scenectl_cmd_set (ScenectlContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) optctx = NULL;
  g_autoptr (ScenectlSession) s = NULL;
  g_autoptr (GVariant) value = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariant) now = NULL;
  g_autoptr (GError) error = NULL;
  const Setting *setting = NULL;
  GDBusProxy *proxy;

  optctx = scenectl_option_context_new (ctx, _("SESSION KEY VALUE"),
                                        _("Changes a setting of SESSION; it applies from the "
                                          "next frame or chunk.\n"
                                          "KEY is one of: threshold (0 to 100), "
                                          "min-scene-length, max-frame-interval,\n"
                                          "chunk-duration (all three in seconds), "
                                          "exclude-regions (X,Y,W,H;X,Y,W,H...,\n"
                                          "or \"\" for none), watch-region (X,Y,W,H, "
                                          "or 0,0,0,0 for the whole picture):\n"
                                          "fractions of the picture when all four are at "
                                          "most 1, else pixels."),
                                        NULL);
  if (!scenectl_parse_options (ctx, optctx, &argc, &argv, 3, 3))
    return SCENECTL_EXIT_USAGE;

  for (gsize i = 0; i < G_N_ELEMENTS (settings); i++)
    if (g_str_equal (settings[i].key, argv[2]))
      setting = &settings[i];
  if (setting == NULL)
    return scenectl_usage_error (ctx,
                                 _("Unknown setting “%s”: use threshold, min-scene-length, "
                                   "max-frame-interval, exclude-regions, watch-region or "
                                   "chunk-duration"),
                                 argv[2]);

  if (!scenectl_parse_typed_value (argv[2], argv[3], G_VARIANT_TYPE (setting->type), &value, &error)
      || !scenectl_session_arg_valid (argv[1], &error))
    return scenectl_report_error (ctx, error);

  s = scenectl_session_lookup (ctx, argv[1], &error);
  if (s == NULL)
    return scenectl_report_error (ctx, error);

  /* An explicit Properties.Set, not the proxy's property setter, which
   * would drop the service's refusal on the floor. */
  proxy = g_str_equal (setting->interface, SCENECTL_SCENE_DETECTOR_IFACE)
              ? G_DBUS_PROXY (s->detector)
              : G_DBUS_PROXY (s->audio);
  reply = g_dbus_proxy_call_sync (
      proxy, "org.freedesktop.DBus.Properties.Set",
      g_variant_new ("(ssv)", setting->interface, setting->property, value), G_DBUS_CALL_FLAGS_NONE,
      -1, NULL, &error);
  if (reply == NULL)
    return scenectl_report_error (ctx, error);
  g_clear_pointer (&reply, g_variant_unref);

  /* A service may also take the value and put the old one back instead
   * of refusing it: read it back so that is not reported as success. */
  reply = g_dbus_proxy_call_sync (proxy, "org.freedesktop.DBus.Properties.Get",
                                  g_variant_new ("(ss)", setting->interface, setting->property),
                                  G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  if (reply == NULL)
    return scenectl_report_error (ctx, error);
  g_variant_get (reply, "(v)", &now);
  if (!g_variant_equal (now, value))
    {
      g_autofree char *shown = g_variant_print (now, FALSE);

      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The service did not accept %s %s; it is still %s"), setting->key, argv[3],
                   shown);
      return scenectl_report_error (ctx, error);
    }

  if (ctx->json)
    {
      g_autoptr (JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "id", scenectl_session_id (s));
      json_object_set_string_member (object, "object-path", s->path);
      json_object_set_string_member (object, "key", setting->key);
      /* A number, or for regions arrays of four numbers. */
      json_object_set_member (object, "value", json_gvariant_serialize (value));
      scenectl_print_json_object (object, TRUE);
    }
  else
    {
      g_autofree char *shown = g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE)
                                   ? g_strdup_printf ("%g", g_variant_get_double (value))
                                   : g_strdup (argv[3]);

      /* Translators: "threshold of session 20261121_113500 set to 20";
       * for regions, the value is the rectangles as given. */
      g_print (_("%s of session %s set to %s."), setting->key, scenectl_session_id (s), shown);
      g_print ("\n");
    }

  return SCENECTL_EXIT_OK;
}
