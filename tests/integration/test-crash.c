/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Nothing written is lost when the service dies or a write fails:
 *
 * - kill -9 at a random moment of a recording session leaves session.json
 *   and both indexes parseable, every file they list present and whole,
 *   the recorded segment readable up to the crash; a service started again
 *   on the same data directory reopens the session and lists what it
 *   holds;
 * - a write that fails (a file size limit, as a full disk would) fails the
 *   session with a clear Error, and what was written before stays valid.
 */
#include "config.h"

#include <signal.h>

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-sender.h"
#include "scd-test-service.h"

#define ROUNDS 3

static JsonArray *
load_index (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, "index.json", NULL);
  g_autoptr (JsonNode) root = NULL;

  /* Written with the first entry: absent until then. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return json_array_new ();
  root = scd_test_load_json (path);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_ref (json_node_get_array (root));
}

/* Each entry's file is there, and whole: a JPEG of the clip's size, a WAV
 * with the samples the entry says. */
static void
check_entries (JsonArray *frames, JsonArray *chunks, const ScdTestClip *clip)
{
  for (guint i = 0; i < json_array_get_length (frames); i++)
    {
      JsonObject *entry = json_array_get_object_element (frames, i);
      const char *path = json_object_get_string_member (entry, "path");
      guint width = 0, height = 0;
      g_autoptr (GError) error = NULL;

      g_assert_true (scd_test_media_probe_image (path, &width, &height, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (width, ==, clip->width);
      g_assert_cmpuint (height, ==, clip->height);
    }
  for (guint i = 0; i < json_array_get_length (chunks); i++)
    {
      JsonObject *entry = json_array_get_object_element (chunks, i);
      const char *path = json_object_get_string_member (entry, "path");
      g_autoptr (GError) error = NULL;
      ScdTestWav wav = { 0 };

      g_assert_true (scd_test_read_wav (path, &wav, &error));
      g_assert_no_error (error);
      g_assert_cmpint ((gint64) wav.samples, ==, json_object_get_int_member (entry, "samples"));
    }
}

/* The video frames ffprobe can decode from a segment. */
static guint
segment_video_frames (const char *path)
{
  const char *argv[] = { "ffprobe",
                         "-v",
                         "error",
                         "-select_streams",
                         "v:0",
                         "-count_frames",
                         "-show_entries",
                         "stream=nb_read_frames",
                         "-of",
                         "csv=p=0",
                         path,
                         NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (scd_test_media_run (argv, &out, NULL, &error));
  g_assert_no_error (error);
  return (guint) g_ascii_strtoull (out, NULL, 10);
}

/* Returns how many segments it lists. */
static guint
check_manifest (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "session.json", NULL);
  g_autoptr (JsonNode) root = scd_test_load_json (path);
  JsonObject *manifest = json_node_get_object (root);
  JsonArray *segments = json_object_get_array_member (manifest, "segments");

  g_test_message ("session.json: state %s, %u segments",
                  json_object_get_string_member (manifest, "state"),
                  json_array_get_length (segments));
  for (guint i = 0; i < json_array_get_length (segments); i++)
    {
      JsonObject *segment = json_array_get_object_element (segments, i);
      const char *segment_path = json_object_get_string_member (segment, "path");
      guint frames = segment_video_frames (segment_path);

      g_test_message ("%s: %u video frames readable", segment_path, frames);
      if (json_object_get_double_member (segment, "duration") > 0.5)
        g_assert_cmpuint (frames, >, 0);
    }
  return json_array_get_length (segments);
}

static gboolean
service_gone (gpointer data)
{
  return !scd_test_service_is_running (data);
}

/* Where the last frame and the last chunk of the indexes on disk end. */
static double
written_until (JsonArray *frames, JsonArray *chunks)
{
  guint n_frames = json_array_get_length (frames);
  guint n_chunks = json_array_get_length (chunks);
  double until = 0.0;

  if (n_frames > 0)
    until = json_object_get_double_member (json_array_get_object_element (frames, n_frames - 1),
                                           "timestamp");
  if (n_chunks > 0)
    {
      JsonObject *last = json_array_get_object_element (chunks, n_chunks - 1);

      until = MAX (until, json_object_get_double_member (last, "start")
                              + json_object_get_double_member (last, "duration"));
    }
  return until;
}

static void
crash_once (const ScdTestClip *clip, guint round)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  g_autoptr (ScdTestService) again = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScdTestSession) reopened = NULL;
  g_autoptr (ScdTestFfmpegSender) sender = NULL;
  g_autoptr (JsonArray) frames = NULL;
  g_autoptr (JsonArray) chunks = NULL;
  g_autoptr (GVariant) listed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *state = NULL;
  g_autofree char *error_text = NULL;
  guint16 port = scd_test_free_port (FALSE);
  guint n_segments;
  /* Any moment of the stream, from its first second to near its end. */
  guint after_ms = (guint) g_test_rand_int_range (300, 6000);

  url = scd_test_tcp_listen_url (port);
  session = scd_test_session_create (
      service,
      g_variant_new_parsed ("{'source': <%s>, 'max-frame-interval': <0.3>, "
                            "'audio-chunk-seconds': <1.0>}",
                            url),
      &error);
  g_assert_no_error (error);
  scd_test_session_start (session, &error);
  g_assert_no_error (error);
  dir = scd_test_session_get_directory (session);
  g_assert_true (scd_test_wait_tcp_listening (port, scd_test_timeout_ms (10000)));
  sender = scd_test_ffmpeg_sender_start_tcp (clip->path, port);
  g_assert_true (scd_test_session_wait_state (session, "running", scd_test_timeout_ms (20000)));

  scd_test_iterate_for (after_ms);
  g_test_message ("round %u: kill -9 %u ms into the stream (%u frames announced)", round, after_ms,
                  session->frames->len);
  kill (service->pid, SIGKILL);
  g_assert_true (scd_test_wait_until (service_gone, service, scd_test_timeout_ms (10000)));

  /* On disk: what the indexes list is there and whole, and at least what
   * was announced before the crash. */
  n_segments = check_manifest (dir);
  frames = load_index (dir, "frames");
  chunks = load_index (dir, "audio");
  g_test_message ("frames/index.json: %u entries, audio/index.json: %u entries",
                  json_array_get_length (frames), json_array_get_length (chunks));
  g_assert_cmpuint (json_array_get_length (frames), >=, session->frames->len);
  g_assert_cmpuint (json_array_get_length (chunks), >=, session->chunks->len);
  check_entries (frames, chunks, clip);

  /* A service started again on the same data directory (the last
   * --data-dir given wins) reopens it: interrupted, with what it holds. */
  again = scd_test_service_start_full (
      NULL, (const char *const[]){ "--data-dir", service->data_dir, NULL });
  reopened = scd_test_session_open (again, dir);
  state = scd_test_session_get_string (reopened, "State");
  error_text = scd_test_session_get_string (reopened, "Error");
  g_test_message ("reopened: %s, “%s”", state, error_text);
  g_assert_cmpstr (state, ==, "failed");
  g_assert_cmpstr (error_text, !=, "");
  g_assert_cmpuint (scd_test_session_get_uint (reopened, SCD_TEST_IFACE_SESSION, "SegmentCount"),
                    ==, n_segments);
  /* Its position is where it got to, as far as what it wrote shows. */
  g_assert_cmpfloat (scd_test_session_get_double (reopened, SCD_TEST_IFACE_SESSION, "Position"), >=,
                     written_until (frames, chunks));
  listed = scd_test_session_list_frames (reopened);
  g_assert_cmpuint (g_variant_n_children (listed), ==, json_array_get_length (frames));
  g_clear_pointer (&listed, g_variant_unref);
  listed = scd_test_session_list_chunks (reopened);
  g_assert_cmpuint (g_variant_n_children (listed), ==, json_array_get_length (chunks));
  scd_test_service_assert_alive (again);
}

static void
test_kill_while_recording (void)
{
  const ScdTestClip *clip = scd_test_sender_live_clip ();

  if (clip == NULL)
    return;
  for (guint round = 0; round < ROUNDS; round++)
    crash_once (clip, round);
}

/* The service under a file size limit of @bytes (prlimit --fsize), the
 * way a full disk fails a write; NULL, the test skipped, without prlimit. */
static ScdTestService *
start_with_file_size_limit (guint bytes)
{
  const char *wrapper = g_getenv ("SCD_TEST_SERVICE_WRAPPER");
  g_autofree char *prlimit = g_find_program_in_path ("prlimit");
  g_autofree char *limited = NULL;
  ScdTestService *service;

  if (prlimit == NULL)
    {
      g_test_skip ("prlimit (util-linux) is needed to limit the service's file size");
      return NULL;
    }
  limited = g_strdup_printf ("%s --fsize=%u %s", prlimit, bytes, wrapper != NULL ? wrapper : "");
  g_setenv ("SCD_TEST_SERVICE_WRAPPER", limited, TRUE);
  service = scd_test_service_start ();
  if (wrapper != NULL)
    g_setenv ("SCD_TEST_SERVICE_WRAPPER", wrapper, TRUE);
  else
    g_unsetenv ("SCD_TEST_SERVICE_WRAPPER");
  return service;
}

/* A write that fails as on a full disk: the recording outgrows the limit
 * first. */
static void
test_write_error (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (JsonArray) frames = NULL;
  g_autoptr (JsonArray) chunks = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *error_text = NULL;
  g_autofree char *manifest_path = NULL;
  g_autoptr (JsonNode) manifest = NULL;
  JsonArray *segments;

  if (clip == NULL)
    return;
  service = start_with_file_size_limit (60000);
  if (service == NULL)
    return;

  session = scd_test_session_start_file (
      service, clip->path,
      g_variant_new_parsed ("{'record': <true>, 'audio-chunk-seconds': <1.0>, "
                            "'max-frame-interval': <0.5>}"));
  dir = scd_test_session_get_directory (session);
  g_assert_true (scd_test_session_wait_state (session, "failed", scd_test_timeout_ms (30000)));
  error_text = scd_test_session_get_string (session, "Error");
  g_test_message ("Error: %s (%u frames, %u chunks before it)", error_text, session->frames->len,
                  session->chunks->len);
  g_assert_nonnull (strstr (error_text, "recording"));

  manifest_path = g_build_filename (dir, "session.json", NULL);
  manifest = scd_test_load_json (manifest_path);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (manifest), "state"), ==,
                   "failed");
  segments = json_object_get_array_member (json_node_get_object (manifest), "segments");
  g_assert_cmpuint (json_array_get_length (segments), ==, 1);
  g_assert_cmpuint (segment_video_frames (json_object_get_string_member (
                        json_array_get_object_element (segments, 0), "path")),
                    >, 0);
  frames = load_index (dir, "frames");
  chunks = load_index (dir, "audio");
  g_assert_cmpuint (json_array_get_length (frames), ==, session->frames->len);
  g_assert_cmpuint (json_array_get_length (chunks), ==, session->chunks->len);
  check_entries (frames, chunks, clip);
  scd_test_service_assert_alive (service);
}

/* On a full disk (a file size limit too small for session.json), a session
 * once got made without its manifest, and could never be reopened:
 * CreateSession now fails, saying why, and leaves no folder behind. */
static void
test_create_on_full_disk (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autofree char *sessions = NULL;
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) listing = NULL;

  if (clip == NULL)
    return;
  service = start_with_file_size_limit (64);
  if (service == NULL)
    return;

  session = scd_test_session_create (service, g_variant_new_parsed ("{'source': <%s>}", clip->path),
                                     &error);
  g_assert_null (session);
  scd_test_assert_scened_error (error, "Failed");
  g_test_message ("CreateSession: %s", error->message);
  g_assert_nonnull (strstr (error->message, "session.json"));

  sessions = g_build_filename (service->data_dir, "sessions", NULL);
  listing = g_dir_open (sessions, 0, NULL);
  g_assert_nonnull (listing);
  g_assert_null (g_dir_read_name (listing));
  scd_test_service_assert_alive (service);
}

int
main (int argc, char **argv)
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/crash/kill-while-recording", test_kill_while_recording);
  g_test_add_func ("/crash/write-error", test_write_error);
  g_test_add_func ("/crash/create-on-full-disk", test_create_on_full_disk);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
