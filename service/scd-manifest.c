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
#include "scd-manifest.h"

JsonNode *
scd_manifest_to_json (const ScdManifest *m)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, m->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, m->options->name);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, m->options->source);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, m->created);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, m->state);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, m->error != NULL ? m->error : "");

  json_builder_set_member_name (builder, "settings");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "audio-source");
  json_builder_add_string_value (builder, m->options->audio_source);
  json_builder_set_member_name (builder, "record");
  json_builder_add_boolean_value (builder, m->options->record);
  json_builder_set_member_name (builder, "realtime");
  json_builder_add_boolean_value (builder, m->options->realtime);
  json_builder_set_member_name (builder, "hwaccel");
  json_builder_add_string_value (builder, m->options->hwaccel);
  json_builder_set_member_name (builder, "scene-threshold");
  json_builder_add_double_value (builder, m->threshold);
  json_builder_set_member_name (builder, "min-scene-length");
  json_builder_add_double_value (builder, m->min_scene_length);
  json_builder_set_member_name (builder, "max-frame-interval");
  json_builder_add_double_value (builder, m->max_frame_interval);
  json_builder_set_member_name (builder, "audio-chunk-seconds");
  json_builder_add_double_value (builder, m->chunk_duration);
  json_builder_set_member_name (builder, "audio-sample-rate");
  json_builder_add_int_value (builder, m->options->audio_sample_rate);
  json_builder_set_member_name (builder, "audio-channels");
  json_builder_add_int_value (builder, m->options->audio_channels);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "video-decoder");
  json_builder_add_string_value (builder, m->video_decoder != NULL ? m->video_decoder : "");
  json_builder_set_member_name (builder, "duration");
  json_builder_add_double_value (builder, m->duration);
  json_builder_set_member_name (builder, "position");
  json_builder_add_double_value (builder, m->position);
  json_builder_set_member_name (builder, "frame-count");
  json_builder_add_int_value (builder, m->frame_count);
  json_builder_set_member_name (builder, "chunk-count");
  json_builder_add_int_value (builder, m->chunk_count);
  json_builder_set_member_name (builder, "segments");
  json_builder_begin_array (builder);
  for (guint i = 0; m->segments != NULL && i < m->segments->len; i++)
    {
      const ScdManifestSegment *segment = &g_array_index (m->segments, ScdManifestSegment, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, segment->index);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, segment->path);
      json_builder_set_member_name (builder, "start");
      json_builder_add_double_value (builder, segment->start);
      json_builder_set_member_name (builder, "duration");
      json_builder_add_double_value (builder, segment->duration);
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
  g_clear_pointer (&contents->state, g_free);
  g_clear_pointer (&contents->error, g_free);
  g_clear_pointer (&contents->video_decoder, g_free);
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

/* A reopened manifest may come from an older or newer scened, or from a
 * crash: what is missing takes its default rather than failing. */
gboolean
scd_manifest_parse (JsonNode *root, ScdManifestContents *contents, GError **error)
{
  JsonObject *object, *settings = NULL;
  ScdSessionOptions *opts;

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

  opts = g_new0 (ScdSessionOptions, 1);
  opts->source = dup_member (object, "source", "");
  opts->name = dup_member (object, "name", "");
  opts->audio_source = settings != NULL ? dup_member (settings, "audio-source", "stream")
                                        : g_strdup ("stream");
  opts->hwaccel = settings != NULL ? dup_member (settings, "hwaccel", "auto") : g_strdup ("auto");
  opts->source_kind = g_path_is_absolute (opts->source) ? SCD_SOURCE_KIND_FILE
                      : g_str_has_prefix (opts->source, "pulse:") ? SCD_SOURCE_KIND_PULSE
                                                                  : SCD_SOURCE_KIND_URL;
  opts->scene_threshold = SCD_DEFAULT_SCENE_THRESHOLD;
  opts->min_scene_length = SCD_DEFAULT_MIN_SCENE_LENGTH;
  opts->max_frame_interval = SCD_DEFAULT_MAX_FRAME_INTERVAL;
  opts->audio_chunk_seconds = SCD_DEFAULT_AUDIO_CHUNK_SECONDS;
  opts->audio_sample_rate = SCD_DEFAULT_AUDIO_SAMPLE_RATE;
  opts->audio_channels = SCD_DEFAULT_AUDIO_CHANNELS;
  if (settings != NULL)
    {
      opts->record = json_object_get_boolean_member_with_default (settings, "record", FALSE);
      opts->realtime = json_object_get_boolean_member_with_default (settings, "realtime", FALSE);
      opts->scene_threshold = json_object_get_double_member_with_default (
          settings, "scene-threshold", opts->scene_threshold);
      opts->min_scene_length = json_object_get_double_member_with_default (
          settings, "min-scene-length", opts->min_scene_length);
      opts->max_frame_interval = json_object_get_double_member_with_default (
          settings, "max-frame-interval", opts->max_frame_interval);
      opts->audio_chunk_seconds = json_object_get_double_member_with_default (
          settings, "audio-chunk-seconds", opts->audio_chunk_seconds);
      opts->audio_sample_rate = (guint) json_object_get_int_member_with_default (
          settings, "audio-sample-rate", opts->audio_sample_rate);
      opts->audio_channels = (guint) json_object_get_int_member_with_default (
          settings, "audio-channels", opts->audio_channels);
    }

  contents->options = opts;
  contents->created = dup_member (object, "created", "");
  contents->state = dup_member (object, "state", "stopped");
  contents->error = dup_member (object, "error", "");
  contents->video_decoder = dup_member (object, "video-decoder", "");
  contents->position = json_object_get_double_member_with_default (object, "position", 0.0);
  contents->duration = json_object_get_double_member_with_default (object, "duration", 0.0);
  return TRUE;
}
