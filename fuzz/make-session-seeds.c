/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Writes the seed corpus of fuzz-session-files into the folder given: the
 * files a session really leaves, made by the service's own writers (a
 * manifest of a live recording with segments, one of a failed file
 * session, a frame index, a chunk index), a few edge cases, and files just
 * past the reader's limits on nesting and string length.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "scd-chunk-entry.h"
#include "scd-frame-entry.h"
#include "scd-index.h"
#include "scd-json-file.h"
#include "scd-manifest.h"
#include "scd-option-table.h"

static void
write_manifest (const char *dir,
                const char *name,
                const ScdSessionOptions *options,
                ScdSessionState state,
                const char *error,
                const GArray *segments)
{
  ScdManifest manifest = {
    .id = "20261121_120000",
    .created = "2026-11-21T12:00:00Z",
    .state = state,
    .error = error,
    .video_decoder = "h264 (software)",
    .options = options,
    .threshold = 4.0,
    .min_scene_length = 0.5,
    .max_frame_interval = 0.0,
    .chunk_duration = 30.0,
    .position = 12.5,
    .duration = 12.5,
    .frame_count = 3,
    .chunk_count = 1,
    .segments = segments,
  };
  g_autoptr (JsonNode) root = scd_manifest_to_json (&manifest);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) local_error = NULL;

  if (!scd_json_file_write (path, root, &local_error))
    g_error ("%s", local_error->message);
}

static void
write_index (const char *dir,
             const char *name,
             const ScdIndexSchema *schema,
             GVariant **entries,
             guint n)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (ScdIndex) index = scd_index_new (path, schema);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < n; i++)
    scd_index_append (index, entries[i]);
  if (!scd_index_save (index, &error))
    g_error ("%s", error->message);
}

static GVariant *
frame (guint i, double timestamp, const char *reason)
{
  g_autofree char *id = g_strdup_printf ("F%04u", i + 1);
  g_autofree char *path = g_strdup_printf ("/data/sessions/x/frames/%s.jpg", id);

  return g_variant_new_parsed ("{'id': <%s>, 'index': <%u>, 'timestamp': <%d>, 'path': <%s>, "
                               "'score': <97.5>, 'reason': <%s>, 'width': <uint32 1280>, "
                               "'height': <uint32 720>}",
                               id, i, timestamp, path, reason);
}

int
main (int argc, char **argv)
{
  const char *dir;
  g_autoptr (GArray) segments = g_array_new (FALSE, TRUE, sizeof (ScdManifestSegment));
  ScdManifestSegment segment = { 1, (char *) "/data/sessions/x/stream/segment_0001.ts", 0.0, 12.5 };
  ScdSessionOptions live = {
    .source = (char *) "tcp://127.0.0.1:9000?listen",
    .source_kind = SCD_SOURCE_KIND_URL,
    .name = (char *) "screen",
    .audio_source = SCD_AUDIO_SOURCE_STREAM,
    .record = TRUE,
    .hwaccel = SCD_HWACCEL_AUTO,
    .scene_threshold = 4.0,
    .min_scene_length = 0.5,
    .audio_chunk_seconds = 30.0,
    .audio_sample_rate = 16000,
    .audio_channels = 1,
  };
  ScdSessionOptions file = live;
  GVariant *frames[3];
  GVariant *chunks[1];

  if (argc != 2)
    g_error ("usage: make-session-seeds DIR");
  dir = argv[1];
  if (g_mkdir_with_parents (dir, 0755) != 0)
    g_error ("cannot make %s", dir);

  g_array_append_val (segments, segment);
  segment.index = 2;
  segment.path = (char *) "/data/sessions/x/stream/segment_0002.ts";
  g_array_append_val (segments, segment);
  write_manifest (dir, "manifest-live.json", &live, SCD_SESSION_STATE_STOPPED, "", segments);
  file.source = (char *) "/home/user/talk.mp4";
  file.source_kind = SCD_SOURCE_KIND_FILE;
  file.record = FALSE;
  write_manifest (dir, "manifest-failed-file.json", &file, SCD_SESSION_STATE_FAILED,
                  "Nothing in “/home/user/talk.mp4” could be decoded", NULL);

  frames[0] = frame (0, 0.0, "first");
  frames[1] = frame (1, 4.2, "scene");
  frames[2] = frame (2, 9.8, "interval");
  write_index (dir, "frames.json", &scd_frame_entry_schema, frames, 3);
  chunks[0] = g_variant_new_parsed ("{'index': <uint32 0>, 'path': <'/x/audio/chunk_0000.wav'>, "
                                    "'start': <0.0>, 'duration': <30.0>, "
                                    "'samples': <uint64 480000>}");
  write_index (dir, "chunks.json", &scd_chunk_entry_schema, chunks, 1);

  {
    const char *const edges[][2] = {
      { "empty-array.json", "[]" },
      { "empty-object.json", "{}" },
      { "nested.json", "[[[{\"index\": -1, \"path\": null}]]]" },
      { "numbers.json", "[{\"index\": 1e308, \"timestamp\": -0.0, \"width\": 4294967296}]" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
      {
        g_autofree char *path = g_build_filename (dir, edges[i][0], NULL);

        g_file_set_contents (path, edges[i][1], -1, NULL);
      }
  }

  /* Just past the reader's limits (scd-json-file.h): nesting deeper than
   * allowed, a name one byte longer than allowed. They also raise
   * libFuzzer's input length to where the limits are. */
  {
    g_autoptr (GString) deep = g_string_new (NULL);
    g_autofree char *long_name = g_strnfill (SCD_OPTION_STRING_MAX + 1, 'n');
    g_autofree char *manifest = g_strdup_printf ("{\"name\": \"%s\", \"settings\": {}}", long_name);
    g_autofree char *deep_path = g_build_filename (dir, "deep.json", NULL);
    g_autofree char *long_path = g_build_filename (dir, "long-name.json", NULL);

    for (guint i = 0; i <= SCD_JSON_FILE_MAX_DEPTH; i++)
      g_string_append (deep, "[{\"segments\": ");
    g_string_append (deep, "[]");
    for (guint i = 0; i <= SCD_JSON_FILE_MAX_DEPTH; i++)
      g_string_append (deep, "}]");
    g_file_set_contents (deep_path, deep->str, -1, NULL);
    g_file_set_contents (long_path, manifest, -1, NULL);
  }
  return 0;
}
