/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The manifest is built in the main context (from the session's current
 * properties: cheap) and written by a worker (scd-json-file.c: atomic).
 * Settings are the ones in force now, so a threshold changed while running
 * is what the manifest shows.
 */
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
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
