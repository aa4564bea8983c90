/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * session.json: what is written reads back the same, and a manifest whose
 * members have the wrong JSON types (an editor, another version, a fuzzer)
 * reads back with defaults, not with a GLib critical.
 */
#include <json-glib/json-glib.h>

#include "scd-manifest.h"
#include "scd-option-table.h"

static JsonNode *
parse_text (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *root = json_from_string (text, &error);

  g_assert_no_error (error);
  return root;
}

static void
test_round_trip (void)
{
  ScdSessionOptions options = {
    .source = (char *) "/media/talk.mkv",
    .name = (char *) "talk",
    .audio_source = SCD_AUDIO_SOURCE_PULSE,
    .audio_pulse_name = (char *) "desk.monitor",
    .hwaccel = SCD_HWACCEL_NONE,
    .record = TRUE,
    .audio_sample_rate = 48000,
    .audio_channels = 2,
  };
  g_autoptr (GArray) segments = g_array_new (FALSE, TRUE, sizeof (ScdManifestSegment));
  ScdManifestSegment segment = { 3, (char *) "segments/000003.mkv", 20.0, 10.0 };
  ScdManifest manifest = {
    .id = "abc",
    .created = "2026-11-22T10:00:00Z",
    .state = SCD_SESSION_STATE_STOPPED,
    .error = "",
    .video_decoder = "h264 (software)",
    .options = &options,
    .threshold = 6.5,
    .min_scene_length = 1.0,
    .max_frame_interval = 30.0,
    .chunk_duration = 15.0,
    .position = 31.5,
    .duration = 31.5,
    .segments = segments,
  };
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  ScdManifestContents contents = { 0 };

  g_array_append_val (segments, segment);
  root = scd_manifest_to_json (&manifest);
  g_assert_true (scd_manifest_parse (root, &contents, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (contents.options->source, ==, "/media/talk.mkv");
  g_assert_cmpint (contents.options->hwaccel, ==, SCD_HWACCEL_NONE);
  g_assert_cmpint (contents.options->audio_source, ==, SCD_AUDIO_SOURCE_PULSE);
  g_assert_cmpstr (contents.options->audio_pulse_name, ==, "desk.monitor");
  g_assert_true (contents.options->record);
  g_assert_cmpfloat (contents.options->scene_threshold, ==, 6.5);
  g_assert_cmpfloat (contents.options->audio_chunk_seconds, ==, 15.0);
  g_assert_cmpuint (contents.options->audio_sample_rate, ==, 48000);
  g_assert_cmpuint (contents.options->audio_channels, ==, 2);
  g_assert_cmpint (contents.state, ==, SCD_SESSION_STATE_STOPPED);
  g_assert_cmpfloat (contents.position, ==, 31.5);
  g_assert_cmpuint (contents.segments->len, ==, 1);
  g_assert_cmpuint (g_array_index (contents.segments, ScdManifestSegment, 0).index, ==, 3);
  g_assert_cmpfloat (g_array_index (contents.segments, ScdManifestSegment, 0).start, ==, 20.0);
  scd_manifest_contents_clear (&contents);
}

/* Every number, count and flag given as an array, an object, a string, a
 * negative or a too-large number. The first is what the fuzzer found. */
static void
test_wrong_types (void)
{
  static const char *const cases[] = {
    "[]", "{}", "\"16000\"", "-1", "1e300", "4294967296", "true", "null", "2.5",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *v = cases[i];
      g_autofree char *text = g_strdup_printf (
          "{\"source\": %s, \"position\": %s, \"duration\": %s,"
          " \"settings\": {\"record\": %s, \"realtime\": %s, \"scene-threshold\": %s,"
          "  \"min-scene-length\": %s, \"max-frame-interval\": %s,"
          "  \"audio-chunk-seconds\": %s, \"audio-sample-rate\": %s, \"audio-channels\": %s},"
          " \"segments\": [{\"path\": \"segments/000001.mkv\", \"index\": %s,"
          "  \"start\": %s, \"duration\": %s}]}",
          v, v, v, v, v, v, v, v, v, v, v, v, v, v);
      g_autoptr (JsonNode) root = parse_text (text);
      g_autoptr (GError) error = NULL;
      ScdManifestContents contents = { 0 };
      const ScdManifestSegment *segment;
      gboolean numeric = g_str_equal (v, "-1") || g_str_equal (v, "1e300")
                         || g_str_equal (v, "4294967296") || g_str_equal (v, "2.5");

      g_test_message ("every member %s", v);
      g_assert_true (scd_manifest_parse (root, &contents, &error));
      g_assert_no_error (error);
      if (v[0] != '"')
        g_assert_cmpstr (contents.options->source, ==, "");
      g_assert_cmpuint (contents.options->audio_sample_rate, ==,
                        scd_session_option ("audio-sample-rate")->default_number);
      g_assert_cmpuint (contents.options->audio_channels, ==,
                        scd_session_option ("audio-channels")->default_number);
      g_assert_false (contents.options->record && !g_str_equal (v, "true"));
      if (!numeric)
        {
          g_assert_cmpfloat (contents.options->scene_threshold, ==,
                             scd_session_option ("scene-threshold")->default_number);
          g_assert_cmpfloat (contents.position, ==, 0.0);
        }
      g_assert_cmpuint (contents.segments->len, ==, 1);
      segment = &g_array_index (contents.segments, ScdManifestSegment, 0);
      g_assert_cmpuint (segment->index, ==, 1);
      scd_manifest_contents_clear (&contents);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/manifest/round-trip", test_round_trip);
  g_test_add_func ("/manifest/wrong-types", test_wrong_types);
  return g_test_run ();
}
