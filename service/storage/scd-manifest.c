/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The manifest is built in the main context (from the session's current
 * properties: cheap) and written by a worker (scd-json-file.c: atomic).
 * Settings are the ones in force now, so a threshold changed while running
 * is what the manifest shows.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-error.h"
#include "scd-json-file.h"
#include "scd-manifest.h"

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
add_double (JsonBuilder *builder, const char *name, double value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_value (builder, scd_json_file_number (value));
}

static void
add_int (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_boolean (JsonBuilder *builder, const char *name, gboolean value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_rect (JsonBuilder *builder, const ScdRect *rect)
{
  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, rect->x);
  json_builder_add_double_value (builder, rect->y);
  json_builder_add_double_value (builder, rect->width);
  json_builder_add_double_value (builder, rect->height);
  json_builder_end_array (builder);
}

/* "exclude-regions": [[x, y, w, h], ...], "watch-region": [x, y, w, h]
 * when there is one. */
static void
add_regions (JsonBuilder *builder, const ScdRegions *regions)
{
  json_builder_set_member_name (builder, "exclude-regions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < regions->n_exclude; i++)
    add_rect (builder, &regions->exclude[i]);
  json_builder_end_array (builder);
  if (regions->watch_set)
    {
      json_builder_set_member_name (builder, "watch-region");
      add_rect (builder, &regions->watch);
    }
}

JsonNode *
scd_manifest_to_json (const ScdManifest *m)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *audio_source = scd_session_options_audio_source (m->options);

  json_builder_begin_object (builder);
  add_string (builder, "id", m->id);
  add_string (builder, "name", m->options->name);
  add_string (builder, "source", m->options->source);
  add_string (builder, "created", m->created);
  /* Microseconds, like the entries' wallclock, so that the two compare
   * without parsing a date. */
  if (m->started_wallclock != 0)
    add_int (builder, "started-wallclock", m->started_wallclock);
  add_string (builder, "state", scd_session_state_to_string (m->state));
  add_string (builder, "error", m->error);
  add_string (builder, "error-name", m->error_name);

  json_builder_set_member_name (builder, "settings");
  json_builder_begin_object (builder);
  add_string (builder, "audio-source", audio_source);
  add_boolean (builder, "record", m->options->record);
  add_boolean (builder, "realtime", m->options->realtime);
  add_string (builder, "hwaccel", scd_hwaccel_to_string (m->options->hwaccel));
  add_double (builder, "scene-threshold", m->threshold);
  add_double (builder, "min-scene-length", m->min_scene_length);
  add_double (builder, "max-frame-interval", m->max_frame_interval);
  add_regions (builder, &m->options->regions);
  add_double (builder, "settle-seconds", m->options->settle_seconds);
  add_double (builder, "audio-chunk-seconds", m->chunk_duration);
  add_double (builder, "audio-chunk-min", m->options->audio_chunk_min);
  add_double (builder, "audio-chunk-max", m->options->audio_chunk_max);
  add_int (builder, "audio-sample-rate", m->options->audio_sample_rate);
  add_int (builder, "audio-channels", m->options->audio_channels);
  add_double (builder, "connect-timeout", m->options->connect_timeout);
  add_double (builder, "sender-timeout", m->options->sender_timeout);
  json_builder_end_object (builder);

  add_string (builder, "video-decoder", m->video_decoder);
  add_double (builder, "duration", m->duration);
  add_double (builder, "position", m->position);
  add_int (builder, "frame-count", m->frame_count);
  add_int (builder, "chunk-count", m->chunk_count);
  json_builder_set_member_name (builder, "segments");
  json_builder_begin_array (builder);
  for (guint i = 0; m->segments != NULL && i < m->segments->len; i++)
    {
      const ScdManifestSegment *segment = &g_array_index (m->segments, ScdManifestSegment, i);

      json_builder_begin_object (builder);
      add_int (builder, "index", segment->index);
      add_string (builder, "path", segment->path);
      add_double (builder, "start", segment->start);
      add_double (builder, "duration", segment->duration);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
scd_manifest_contents_clear (ScdManifestContents *contents)
{
  g_clear_pointer (&contents->options, scd_session_options_free);
  g_clear_pointer (&contents->created, g_free);
  g_clear_pointer (&contents->error, g_free);
  g_clear_pointer (&contents->error_name, g_free);
  g_clear_pointer (&contents->video_decoder, g_free);
  g_clear_pointer (&contents->segments, g_array_unref);
}

void
scd_manifest_segment_clear (gpointer data)
{
  ScdManifestSegment *segment = data;

  g_free (segment->path);
}

static char *
dup_member (JsonObject *object, const char *name, const char *fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return g_strdup (fallback);
}

/* A reopened manifest may come from an older or newer scened, from a
 * crash or from someone's editor: a member that is missing, null or of
 * the wrong JSON type takes its default rather than failing (json-glib's
 * *_with_default getters only cover missing and null). */
static JsonNode *
scalar_member (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? node : NULL;
}

static double
get_number (JsonObject *object, const char *name, double fallback)
{
  JsonNode *node = scalar_member (object, name);

  if (node == NULL)
    return fallback;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return fallback;
    }
}

/* A count or rate: a whole number from 0 to G_MAXUINT, else the fallback. */
static guint
get_count (JsonObject *object, const char *name, guint fallback)
{
  JsonNode *node = scalar_member (object, name);
  gint64 value;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  value = json_node_get_int (node);
  return value >= 0 && value <= G_MAXUINT ? (guint) value : fallback;
}

static gint64
get_int64 (JsonObject *object, const char *name, gint64 fallback)
{
  JsonNode *node = scalar_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

static gboolean
get_boolean (JsonObject *object, const char *name, gboolean fallback)
{
  JsonNode *node = scalar_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

/* [x, y, w, h] as a (dddd); NULL if @node is not four numbers. */
static GVariant *
rect_variant (JsonNode *node)
{
  JsonArray *array;
  double v[4];

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) != 4)
    return NULL;
  for (guint i = 0; i < 4; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element)
          || (json_node_get_value_type (element) != G_TYPE_DOUBLE
              && json_node_get_value_type (element) != G_TYPE_INT64))
        return NULL;
      v[i] = json_node_get_double (element);
    }
  return g_variant_new ("(dddd)", v[0], v[1], v[2], v[3]);
}

/* The regions as written; ones that do not parse or check are left as
 * they are (none). */
static void
parse_regions (JsonObject *settings, ScdRegions *regions)
{
  JsonNode *node = json_object_get_member (settings, "exclude-regions");
  g_autoptr (GVariant) watch = rect_variant (json_object_get_member (settings, "watch-region"));

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GVariantBuilder builder;
      g_autoptr (GVariant) exclude = NULL;

      g_variant_builder_init (&builder, G_VARIANT_TYPE (SCD_REGIONS_TYPE));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          GVariant *rect = rect_variant (json_array_get_element (array, i));

          if (rect != NULL)
            g_variant_builder_add_value (&builder, rect);
        }
      exclude = g_variant_ref_sink (g_variant_builder_end (&builder));
      scd_regions_set_exclude (regions, exclude, NULL);
    }
  if (watch != NULL)
    {
      g_variant_ref_sink (watch);
      scd_regions_set_watch (regions, watch, NULL);
    }
}

/* The recorded segments, as written: entries that are not objects with a
 * path are left out. */
static GArray *
parse_segments (JsonObject *object)
{
  GArray *segments = g_array_new (FALSE, TRUE, sizeof (ScdManifestSegment));
  JsonNode *node = json_object_get_member (object, "segments");
  JsonArray *array;

  g_array_set_clear_func (segments, scd_manifest_segment_clear);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return segments;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *entry;
      ScdManifestSegment segment = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      entry = json_node_get_object (element);
      segment.path = dup_member (entry, "path", "");
      if (*segment.path == '\0')
        {
          g_free (segment.path);
          continue;
        }
      segment.index = get_count (entry, "index", i + 1);
      segment.start = get_number (entry, "start", 0.0);
      segment.duration = get_number (entry, "duration", 0.0);
      g_array_append_val (segments, segment);
    }
  return segments;
}

gboolean
scd_manifest_parse (JsonNode *root, ScdManifestContents *contents, GError **error)
{
  JsonObject *object, *settings = NULL;
  ScdSessionOptions *opts;
  g_autofree char *state = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("The session manifest is not a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (root);
  if (json_object_has_member (object, "settings")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "settings")))
    settings = json_object_get_object_member (object, "settings");

  opts = scd_session_options_new ();
  opts->source = dup_member (object, "source", "");
  opts->name = dup_member (object, "name", "");
  opts->source_kind = scd_source_kind_guess (opts->source);
  if (settings != NULL)
    {
      g_autofree char *audio_source = dup_member (settings, "audio-source", "");
      g_autofree char *hwaccel = dup_member (settings, "hwaccel", "");
      ScdAudioSource audio;
      char *pulse_name;

      /* An unknown value keeps the default. */
      if (scd_audio_source_from_string (audio_source, &audio, &pulse_name))
        {
          opts->audio_source = audio;
          g_free (opts->audio_pulse_name);
          opts->audio_pulse_name = pulse_name;
        }
      scd_hwaccel_from_string (hwaccel, &opts->hwaccel);
      opts->record = get_boolean (settings, "record", FALSE);
      opts->realtime = get_boolean (settings, "realtime", FALSE);
      opts->scene_threshold = get_number (settings, "scene-threshold", opts->scene_threshold);
      opts->min_scene_length = get_number (settings, "min-scene-length", opts->min_scene_length);
      opts->max_frame_interval = get_number (settings, "max-frame-interval",
                                             opts->max_frame_interval);
      opts->audio_chunk_seconds = get_number (settings, "audio-chunk-seconds",
                                              opts->audio_chunk_seconds);
      opts->audio_chunk_min = get_number (settings, "audio-chunk-min", opts->audio_chunk_min);
      opts->audio_chunk_max = get_number (settings, "audio-chunk-max", opts->audio_chunk_max);
      opts->audio_sample_rate = get_count (settings, "audio-sample-rate", opts->audio_sample_rate);
      opts->audio_channels = get_count (settings, "audio-channels", opts->audio_channels);
      opts->connect_timeout = get_number (settings, "connect-timeout", opts->connect_timeout);
      opts->sender_timeout = get_number (settings, "sender-timeout", opts->sender_timeout);
      parse_regions (settings, &opts->regions);
      opts->settle_seconds = get_number (settings, "settle-seconds", opts->settle_seconds);
    }

  contents->options = opts;
  contents->created = dup_member (object, "created", "");
  contents->started_wallclock = get_int64 (object, "started-wallclock", 0);
  state = dup_member (object, "state", "stopped");
  if (!scd_session_state_from_string (state, &contents->state))
    contents->state = SCD_SESSION_STATE_RUNNING;
  contents->error = dup_member (object, "error", "");
  contents->error_name = dup_member (object, "error-name", "");
  contents->video_decoder = dup_member (object, "video-decoder", "");
  contents->position = get_number (object, "position", 0.0);
  contents->duration = get_number (object, "duration", 0.0);
  contents->segments = parse_segments (object);
  return TRUE;
}
