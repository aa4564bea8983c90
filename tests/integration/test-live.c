/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Live sources with real senders: the ffmpeg CLI pushing a generated clip
 * to a tcp://...?listen or udp:// session, and an in-process writer pushing
 * bytes to TCP or a Unix socket. Cuts are found live on one session
 * timeline that runs on across reconnects, every connection is recorded to
 * its own segment that ffprobe can play, Stop() gets through a blocking
 * accept or read within a second, and garbage does not hurt the service.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gunixsocketaddress.h>

#include <glib/gstdio.h>

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-sender.h"
#include "scd-test-service.h"
#include "scd-test-wait.h"

#define CUT_TOLERANCE_FRAMES 2.0

/* Stop() must return within a second; a service under valgrind gets half a
 * second more. */
static gint64
stop_limit_us (void)
{
  return (gint64) MIN (scd_test_timeout_ms (1000), 1500) * 1000;
}

/* --- a live session and its SegmentStarted signals ---------------------------- */

typedef struct
{
  guint index;
  char *path;
  double start;
} Segment;

typedef struct
{
  ScdTestService *service;
  ScdTestSession *session;
  GPtrArray *segments; /* Segment *, as announced */
  guint sub_segments;
} Live;

static void
segment_free (Segment *segment)
{
  g_free (segment->path);
  g_free (segment);
}

static void
segment_started_cb (GDBusConnection *connection,
                    const char *sender,
                    const char *path,
                    const char *interface,
                    const char *signal,
                    GVariant *parameters,
                    gpointer data)
{
  Live *live = data;
  Segment *segment = g_new0 (Segment, 1);

  g_variant_get (parameters, "(usd)", &segment->index, &segment->path, &segment->start);
  g_test_message ("SegmentStarted(%u, %s, %.3f)", segment->index, segment->path, segment->start);
  g_ptr_array_add (live->segments, segment);
}

static void
live_free (Live *live)
{
  if (live == NULL)
    return;
  if (live->service->connection != NULL)
    g_dbus_connection_signal_unsubscribe (live->service->connection, live->sub_segments);
  scd_test_session_free (live->session);
  g_ptr_array_unref (live->segments);
  g_free (live);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Live, live_free)

/* CreateSession({'source': source, ...extra}), subscribed to SegmentStarted
 * before anything can start. */
static Live *
live_create (ScdTestService *service, const char *source, GVariant *extra_options)
{
  g_autoptr (GVariant) extra = extra_options != NULL ? g_variant_ref_sink (extra_options) : NULL;
  g_autoptr (GError) error = NULL;
  GVariantDict dict;
  Live *live = g_new0 (Live, 1);

  g_variant_dict_init (&dict, extra);
  g_variant_dict_insert (&dict, "source", "s", source);
  live->service = service;
  live->segments = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_free);
  live->session = scd_test_session_create (service, g_variant_dict_end (&dict), &error);
  if (live->session == NULL)
    g_error ("CreateSession for the live source %s: %s", source, error->message);
  live->sub_segments = g_dbus_connection_signal_subscribe (
      service->connection, service->unique_name, SCD_TEST_IFACE_SESSION, "SegmentStarted",
      live->session->path, NULL, G_DBUS_SIGNAL_FLAGS_NONE, segment_started_cb, live, NULL);
  return live;
}

static void
live_start (Live *live)
{
  scd_test_session_start_ok (live->session);
}

static Live *
live_create_started (ScdTestService *service, const char *source, GVariant *extra_options)
{
  Live *live = live_create (service, source, extra_options);

  live_start (live);
  return live;
}

typedef struct
{
  ScdTestSession *session;
  guint from;
  const char *state;
} SeenWait;

static gboolean
state_seen_at (ScdTestSession *session, guint from, const char *state)
{
  for (guint i = from; i < session->states->len; i++)
    if (g_str_equal (g_ptr_array_index (session->states, i), state))
      return TRUE;
  return FALSE;
}

static gboolean
state_seen (gpointer data)
{
  SeenWait *wait = data;

  return state_seen_at (wait->session, wait->from, wait->state)
         || scd_test_is_final_state (wait->session->state)
         || !scd_test_service_is_running (wait->session->service);
}

/* Waits until State has been state at some point since the from-th State
 * seen (so a state that passed quickly still counts); g_error otherwise. */
static void
wait_state_since (ScdTestSession *session, guint from, const char *state, guint timeout_ms)
{
  SeenWait wait = { session, from, state };
  guint scaled = scd_test_timeout_ms (timeout_ms);

  scd_test_wait_until (state_seen, &wait, scaled);
  scd_test_iterate_pending ();
  if (!state_seen_at (session, from, state))
    {
      g_autofree char *seen = scd_test_session_describe (session);

      g_error ("%s did not become “%s” within %u ms: %s", session->path, state, scaled, seen);
    }
}

typedef struct
{
  Live *live;
  guint n;
} CountWait;

static gboolean
segments_reached (gpointer data)
{
  CountWait *wait = data;

  return wait->live->segments->len >= wait->n
         || scd_test_is_final_state (wait->live->session->state);
}

static void
wait_segments (Live *live, guint n, guint timeout_ms)
{
  CountWait wait = { live, n };

  scd_test_wait_until (segments_reached, &wait, scd_test_timeout_ms (timeout_ms));
  if (live->segments->len < n)
    {
      g_autofree char *seen = scd_test_session_describe (live->session);

      g_error ("%u SegmentStarted within %u ms, expected %u: %s", live->segments->len,
               scd_test_timeout_ms (timeout_ms), n, seen);
    }
}

static void
wait_tcp_listening (ScdTestSession *session, guint16 port)
{
  if (!scd_test_wait_tcp_listening (port, scd_test_timeout_ms (10000)))
    {
      g_autofree char *seen = scd_test_session_describe (session);

      g_error ("nothing listened on 127.0.0.1:%u within %u ms of Start: %s", port,
               scd_test_timeout_ms (10000), seen);
    }
}

typedef struct
{
  ScdTestSession *session;
  double position;
} PositionWait;

static gboolean
position_reached (gpointer data)
{
  PositionWait *wait = data;

  return scd_test_is_final_state (wait->session->state)
         || scd_test_session_get_double (wait->session, SCD_TEST_IFACE_SESSION, "Position")
                >= wait->position;
}

static char *
segment_path (ScdTestSession *session, guint index)
{
  g_autofree char *dir = scd_test_session_get_directory (session);
  g_autofree char *name = g_strdup_printf ("segment_%04u.ts", index);

  return g_build_filename (dir, "stream", name, NULL);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (goffset) st.st_size : -1;
}

/* --- checks ------------------------------------------------------------------- */

/* The frames first..end-1, for a clip played from offset on the session
 * timeline: each is within ±2 frames of one of the clip's cuts (reason
 * "scene"), except that the first may sit at the clip's start; each cut
 * that plays before covered_until has its frame. */
static void
assert_frames_at_cuts (GPtrArray *frames,
                       guint first,
                       guint end,
                       const ScdTestClip *clip,
                       double offset,
                       double covered_until,
                       const char *what)
{
  g_autofree char *seen = scd_test_describe_frames (frames);
  g_autofree gboolean *found = g_new0 (gboolean, clip->cut_frames->len);
  double fps = (double) clip->fps_num / clip->fps_den;

  g_test_message ("%s: frames %u..%u from %.3f s on the timeline", what, first, end, offset);
  for (guint i = first; i < end; i++)
    {
      GVariant *frame = g_ptr_array_index (frames, i);
      double at = (scd_test_frame_timestamp (frame) - offset) * fps;
      gboolean matched = FALSE;

      if (i == first && fabs (at) <= CUT_TOLERANCE_FRAMES)
        continue;
      for (guint c = 0; c < clip->cut_frames->len && !matched; c++)
        if (fabs (at - g_array_index (clip->cut_frames, guint, c)) <= CUT_TOLERANCE_FRAMES)
          {
            if (found[c])
              g_error ("%s: two frames for the cut at frame %u: %s", what,
                       g_array_index (clip->cut_frames, guint, c), seen);
            found[c] = TRUE;
            matched = TRUE;
            g_assert_cmpstr (scd_test_frame_reason (frame), ==, "scene");
          }
      if (!matched)
        g_error ("%s: frame %u is at clip frame %.2f, which is no cut (cuts within ±%.0f frames): "
                 "%s",
                 what, i, at, CUT_TOLERANCE_FRAMES, seen);
    }
  for (guint c = 0; c < clip->cut_frames->len; c++)
    {
      guint cut = g_array_index (clip->cut_frames, guint, c);

      if (!found[c] && offset + cut / fps <= covered_until)
        g_error ("%s: no frame for the cut at frame %u (%.3f s on the timeline): %s", what, cut,
                 offset + cut / fps, seen);
    }
}

/* A whole clip sent once from the session's start: "first" at 0, then the
 * cuts and nothing else. */
static void
assert_whole_clip_cuts (ScdTestSession *session, const ScdTestClip *clip)
{
  GPtrArray *frames = session->frames;
  double fps = (double) clip->fps_num / clip->fps_den;
  g_autofree char *seen = scd_test_describe_frames (frames);

  if (frames->len != 1 + clip->cut_frames->len)
    g_error ("expected %u frames (first + %u cuts), got %u: %s", 1 + clip->cut_frames->len,
             clip->cut_frames->len, frames->len, seen);
  g_assert_cmpstr (scd_test_frame_reason (g_ptr_array_index (frames, 0)), ==, "first");
  g_assert_cmpfloat (fabs (scd_test_frame_timestamp (g_ptr_array_index (frames, 0))), <=,
                     1.0 / fps);
  assert_frames_at_cuts (frames, 0, frames->len, clip, 0.0, G_MAXDOUBLE, "the stream");
}

/* Every frame's timestamp after the one before: the timeline never goes
 * backwards. */
static void
assert_timestamps_increase (GPtrArray *frames)
{
  for (guint i = 1; i < frames->len; i++)
    if (scd_test_frame_timestamp (g_ptr_array_index (frames, i))
        <= scd_test_frame_timestamp (g_ptr_array_index (frames, i - 1)))
      {
        g_autofree char *seen = scd_test_describe_frames (frames);

        g_error ("frame %u does not come after frame %u on the timeline: %s", i, i - 1, seen);
      }
}

typedef struct
{
  guint video_frames;
  guint width;
  guint height;
  gboolean has_audio;
  char *errors;
} Probe;

static void
probe_clear (Probe *probe)
{
  g_free (probe->errors);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Probe, probe_clear)

/* ffprobe decodes the whole segment (-count_frames). */
static void
probe_segment (const char *path, Probe *probe)
{
  const char *argv[] = { "ffprobe",
                         "-v",
                         "error",
                         "-count_frames",
                         "-show_entries",
                         "stream=codec_type,width,height,nb_read_frames",
                         "-of",
                         "json",
                         path,
                         NULL };
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  JsonObject *root;
  JsonArray *streams;

  memset (probe, 0, sizeof *probe);
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &probe->errors, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("ffprobe %s failed:\n%s", path, probe->errors);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  streams = json_object_get_array_member (root, "streams");
  for (guint i = 0; streams != NULL && i < json_array_get_length (streams); i++)
    {
      JsonObject *s = json_array_get_object_element (streams, i);
      const char *type = json_object_get_string_member_with_default (s, "codec_type", "");

      if (g_str_equal (type, "video") && probe->video_frames == 0)
        {
          probe->width = (guint) json_object_get_int_member_with_default (s, "width", 0);
          probe->height = (guint) json_object_get_int_member_with_default (s, "height", 0);
          probe->video_frames = (guint) g_ascii_strtoull (
              json_object_get_string_member_with_default (s, "nb_read_frames", "0"), NULL, 10);
        }
      else if (g_str_equal (type, "audio"))
        probe->has_audio = TRUE;
    }
  g_test_message ("ffprobe %s: %u video frames, %ux%u, %s%s%s", path, probe->video_frames,
                  probe->width, probe->height, probe->has_audio ? "with audio" : "no audio",
                  probe->errors != NULL && *probe->errors ? "; errors:\n" : "",
                  probe->errors != NULL ? probe->errors : "");
}

/* The segments list in session.json (a new reference), or NULL while the
 * manifest has none. */
static JsonArray *
manifest_segments (ScdTestSession *session)
{
  g_autofree char *dir = scd_test_session_get_directory (session);
  g_autofree char *path = g_build_filename (dir, "session.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  JsonNode *segments;

  if (!json_parser_load_from_file (parser, path, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  segments = json_object_get_member (object, "segments");
  if (segments == NULL || !JSON_NODE_HOLDS_ARRAY (segments))
    return NULL;
  return json_array_ref (json_node_get_array (segments));
}

static gboolean
manifest_has_segments (gpointer data)
{
  CountWait *wait = data;
  g_autoptr (JsonArray) segments = manifest_segments (wait->live->session);

  return segments != NULL && json_array_get_length (segments) >= wait->n;
}

/* session.json lists the segments as SegmentStarted announced them, each
 * {index, path, start, duration}. Returns the array. */
static JsonArray *
check_manifest_segments (Live *live, guint n)
{
  g_autoptr (JsonArray) segments = manifest_segments (live->session);

  if (segments == NULL)
    g_error ("session.json has no segments list");
  if (json_array_get_length (segments) != n || live->segments->len != n)
    g_error ("session.json lists %u segments, %u were announced, expected %u",
             json_array_get_length (segments), live->segments->len, n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = json_array_get_object_element (segments, i);
      Segment *announced = g_ptr_array_index (live->segments, i);
      g_autofree char *expected_path = segment_path (live->session, i + 1);

      g_assert_nonnull (entry);
      g_assert_cmpint (json_object_get_int_member_with_default (entry, "index", -1), ==, i + 1);
      g_assert_cmpstr (json_object_get_string_member_with_default (entry, "path", NULL), ==,
                       expected_path);
      g_assert_true (json_object_has_member (entry, "start"));
      g_assert_true (json_object_has_member (entry, "duration"));
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (entry, "start"),
                                      announced->start, 1e-6);
      g_assert_cmpfloat (json_object_get_double_member (entry, "duration"), >, 0.0);
      g_assert_cmpuint (announced->index, ==, i + 1);
      g_assert_cmpstr (announced->path, ==, expected_path);
      g_assert_true (g_file_test (expected_path, G_FILE_TEST_IS_REGULAR));
    }
  return g_steal_pointer (&segments);
}

static double
segment_double (JsonArray *segments, guint i, const char *key)
{
  return json_object_get_double_member (json_array_get_object_element (segments, i), key);
}

/* --- the cases ------------------------------------------------------------------ */

/* The ffmpeg CLI pushes the clip to a tcp listen session: cuts found live,
 * one growing segment, Position moving, then the whole stream recorded. */
static void
test_tcp_cuts (void)
{
  const ScdTestClip *clip = scd_test_sender_live_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (Live) live = NULL;
  g_autoptr (ScdTestFfmpegSender) sender = NULL;
  g_autoptr (JsonArray) segments = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expected_path = NULL;
  g_autofree char *decoder = NULL;
  g_autofree char *dir = NULL;
  g_auto (Probe) probe = { 0 };
  ScdTestSession *session;
  Segment *segment;
  CountWait manifest_wait;
  PositionWait position_wait;
  guint n_states;
  goffset size1, size2;
  double position1, position2;
  guint64 samples;
  guint16 port;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  port = scd_test_free_port (FALSE);
  url = scd_test_tcp_listen_url (port);
  live = live_create_started (service, url, NULL);
  session = live->session;
  expected_path = segment_path (session, 1);

  /* Waiting for a sender. */
  wait_state_since (session, 0, "starting", 5000);
  wait_tcp_listening (session, port);
  g_assert_cmpuint (live->segments->len, ==, 0);

  sender = scd_test_ffmpeg_sender_start_tcp (clip->path, port);
  wait_state_since (session, 0, "running", 20000);
  wait_segments (live, 1, 10000);
  segment = g_ptr_array_index (live->segments, 0);
  g_assert_cmpuint (segment->index, ==, 1);
  g_assert_cmpstr (segment->path, ==, expected_path);
  g_assert_cmpfloat (fabs (segment->start), <, 1e-6);
  g_assert_cmpuint (scd_test_session_get_uint (session, SCD_TEST_IFACE_SESSION, "SegmentCount"), ==,
                    1);
  g_assert_true (scd_test_session_get_boolean (session, SCD_TEST_IFACE_SESSION, "Live"));
  g_assert_cmpfloat (scd_test_session_get_double (session, SCD_TEST_IFACE_SESSION, "Progress"), ==,
                     -1.0);
  decoder = scd_test_session_get_string (session, "VideoDecoder");
  g_assert_true (g_str_has_prefix (decoder, "h264 ("));

  /* The segment grows while the stream comes in, Position follows it, and
   * session.json lists the segment already. */
  manifest_wait = (CountWait){ live, 1 };
  if (!scd_test_poll_until (manifest_has_segments, &manifest_wait, scd_test_timeout_ms (5000)))
    g_error ("session.json lists no segment %u ms after SegmentStarted",
             scd_test_timeout_ms (5000));
  scd_test_iterate_for (1000);
  size1 = file_size (expected_path);
  position1 = scd_test_session_get_double (session, SCD_TEST_IFACE_SESSION, "Position");
  scd_test_iterate_for (2000);
  size2 = file_size (expected_path);
  position2 = scd_test_session_get_double (session, SCD_TEST_IFACE_SESSION, "Position");
  g_test_message ("segment %" G_GOFFSET_FORMAT " then %" G_GOFFSET_FORMAT
                  " bytes, Position %.3f then %.3f s",
                  size1, size2, position1, position2);
  if (!scd_test_ffmpeg_sender_is_running (sender))
    g_error ("the sender ended within 3 s of the session running: the 9 s clip was not sent "
             "live");
  g_assert_cmpint (size1, >, 0);
  g_assert_cmpint (size2, >, size1);
  g_assert_cmpfloat (position1, >, 0.0);
  g_assert_cmpfloat (position2, >, position1);
  g_assert_cmpfloat (position2, <=, clip->duration + 0.5);

  /* The sender comes to the end and hangs up: the session waits for the
   * next one. */
  if (!scd_test_ffmpeg_sender_wait (sender, scd_test_timeout_ms (30000)))
    g_error ("the ffmpeg sender did not finish the %.0f s clip within %u ms", clip->duration,
             scd_test_timeout_ms (30000));
  g_assert_true (scd_test_ffmpeg_sender_succeeded (sender));
  n_states = session->states->len;
  wait_state_since (session, n_states > 0 ? n_states - 1 : 0, "reconnecting", 10000);
  scd_test_session_wait_frames_ok (session, 1 + clip->cut_frames->len, 10000);
  /* Position may lag a second behind while live, but not once all is in. */
  position_wait = (PositionWait){ session, clip->duration - 0.5 };
  scd_test_poll_until (position_reached, &position_wait, scd_test_timeout_ms (2000));
  position1 = scd_test_session_get_double (session, SCD_TEST_IFACE_SESSION, "Position");

  scd_test_session_stop_ok (session);
  assert_whole_clip_cuts (session, clip);
  scd_test_check_frames (session, clip->width, clip->height);
  samples = scd_test_check_chunks (session, 16000, 1);
  g_test_message ("%" G_GUINT64_FORMAT " audio samples (%.3f s)", samples, samples / 16000.0);
  g_assert_cmpfloat (fabs ((double) samples / 16000.0 - clip->duration), <, 0.25);
  g_assert_cmpuint (scd_test_session_get_uint64 (session, SCD_TEST_IFACE_SESSION, "FramesDecoded"),
                    ==, clip->n_frames);
  g_assert_cmpuint (scd_test_session_get_uint (session, SCD_TEST_IFACE_SESSION, "SegmentCount"), ==,
                    1);
  scd_test_check_manifest (session, "stopped");
  segments = check_manifest_segments (live, 1);
  g_assert_cmpfloat (fabs (segment_double (segments, 0, "duration") - clip->duration), <, 0.2);

  /* Recorded without re-encoding: every frame, and the audio. */
  probe_segment (expected_path, &probe);
  g_assert_cmpuint (probe.video_frames, ==, clip->n_frames);
  g_assert_cmpuint (probe.width, ==, clip->width);
  g_assert_cmpuint (probe.height, ==, clip->height);
  g_assert_true (probe.has_audio);
  g_assert_cmpstr (probe.errors, ==, "");
  dir = scd_test_session_get_directory (session);
  scd_test_assert_private_tree (dir);
  scd_test_service_assert_alive (service);

  /* Position caught up with the stream within 2 s of its end, and after Stop. */
  position2 = scd_test_session_get_double (session, SCD_TEST_IFACE_SESSION, "Position");
  g_test_message ("Position %.3f s when reconnecting, %.3f s after Stop(); the clip lasts %.3f s",
                  position1, position2, clip->duration);
  g_assert_cmpfloat (position1, >=, clip->duration - 0.5);
  g_assert_cmpfloat (fabs (position2 - clip->duration), <, 0.5);
}

typedef struct
{
  ScdTestSession *session;
  guint n_frames;
  ScdTestFfmpegSender *sender;
} KillWait;

static gboolean
frames_or_sender_done (gpointer data)
{
  KillWait *wait = data;

  return wait->session->frames->len >= wait->n_frames
         || !scd_test_ffmpeg_sender_is_running (wait->sender)
         || scd_test_is_final_state (wait->session->state);
}

/* The sender is killed mid-stream, a second one connects: two segments on
 * one timeline, both playable. */
static void
test_tcp_reconnect (void)
{
  const ScdTestClip *clip = scd_test_sender_live_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (Live) live = NULL;
  g_autoptr (ScdTestFfmpegSender) first = NULL;
  g_autoptr (ScdTestFfmpegSender) second = NULL;
  g_autoptr (JsonArray) segments = NULL;
  g_autofree char *url = NULL;
  g_autofree char *seen = NULL;
  g_auto (Probe) probe1 = { 0 };
  g_auto (Probe) probe2 = { 0 };
  ScdTestSession *session;
  Segment *segment2;
  KillWait kill_wait;
  double fps = (double) clip->fps_num / clip->fps_den;
  double second_cut;
  double last_before = -1;
  gint64 killed_at, second_at;
  guint n_before;
  guint n_states;
  guint16 port;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  port = scd_test_free_port (FALSE);
  url = scd_test_tcp_listen_url (port);
  live = live_create_started (service, url, NULL);
  session = live->session;

  wait_tcp_listening (session, port);
  first = scd_test_ffmpeg_sender_start_tcp (clip->path, port);
  wait_state_since (session, 0, "running", 20000);
  wait_segments (live, 1, 10000);

  /* Killed once the first two cuts are announced, halfway through. */
  kill_wait = (KillWait){ session, 3, first };
  scd_test_wait_until (frames_or_sender_done, &kill_wait, scd_test_timeout_ms (20000));
  if (!scd_test_ffmpeg_sender_is_running (first))
    g_error ("the first sender finished before the second cut was announced (%u frames): the "
             "cuts come too late to kill it mid-stream",
             session->frames->len);
  scd_test_session_wait_frames_ok (session, 3, 1);
  n_states = session->states->len;
  scd_test_ffmpeg_sender_kill (first);
  killed_at = g_get_real_time ();
  wait_state_since (session, n_states - 1, "reconnecting", 10000);
  scd_test_iterate_for (500);
  n_before = session->frames->len;
  last_before = scd_test_frame_timestamp (g_ptr_array_index (session->frames, n_before - 1));
  g_assert_cmpuint (live->segments->len, ==, 1);

  /* The next sender opens segment 2 where segment 1 ended. */
  wait_tcp_listening (session, port);
  n_states = session->states->len;
  second_at = g_get_real_time ();
  second = scd_test_ffmpeg_sender_start_tcp (clip->path, port);
  wait_state_since (session, n_states, "running", 20000);
  wait_segments (live, 2, 10000);
  segment2 = g_ptr_array_index (live->segments, 1);
  {
    g_autofree char *expected = segment_path (session, 2);

    g_assert_cmpuint (segment2->index, ==, 2);
    g_assert_cmpstr (segment2->path, ==, expected);
  }
  g_test_message ("segment 2 starts at %.3f s; the last frame before it was at %.3f s",
                  segment2->start, last_before);
  g_assert_cmpfloat (segment2->start, >, 1.0);
  g_assert_cmpfloat (segment2->start, >=, last_before);
  g_assert_cmpuint (scd_test_session_get_uint (session, SCD_TEST_IFACE_SESSION, "SegmentCount"), ==,
                    2);

  if (!scd_test_ffmpeg_sender_wait (second, scd_test_timeout_ms (30000)))
    g_error ("the second ffmpeg sender did not finish within %u ms", scd_test_timeout_ms (30000));
  n_states = session->states->len;
  wait_state_since (session, n_states - 1, "reconnecting", 10000);
  scd_test_session_wait_frames_ok (session, n_before + clip->cut_frames->len, 10000);
  scd_test_session_stop_ok (session);

  /* One timeline: segment 1's frames before segment 2's start, segment 2's
   * cuts where the clip has them, counted from that start. */
  seen = scd_test_describe_frames (session->frames);
  g_test_message ("frames: %s", seen);
  assert_timestamps_increase (session->frames);
  for (guint i = 0; i < session->frames->len; i++)
    {
      double ts = scd_test_frame_timestamp (g_ptr_array_index (session->frames, i));

      if (i < n_before)
        g_assert_cmpfloat (ts, <=, segment2->start);
      else
        g_assert_cmpfloat (ts, >=, segment2->start - 0.5 / fps);
    }
  second_cut = g_array_index (clip->cut_frames, guint, 1) / fps;
  g_assert_cmpstr (scd_test_frame_reason (g_ptr_array_index (session->frames, 0)), ==, "first");
  assert_frames_at_cuts (session->frames, 0, n_before, clip, 0.0, second_cut, "segment 1");
  assert_frames_at_cuts (session->frames, n_before, session->frames->len, clip, segment2->start,
                         G_MAXDOUBLE, "segment 2");
  scd_test_check_frames (session, clip->width, clip->height);

  /* Wallclock is when the media came: it jumps across the wait for the
   * second sender, which the timeline does not. */
  {
    GVariant *a = g_ptr_array_index (session->frames, n_before - 1);
    GVariant *b = g_ptr_array_index (session->frames, n_before);
    gint64 wall_a = 0, wall_b = 0;
    double wall_jump, ts_jump;

    g_assert_true (g_variant_lookup (a, "wallclock", "x", &wall_a));
    g_assert_true (g_variant_lookup (b, "wallclock", "x", &wall_b));
    wall_jump = (double) (wall_b - wall_a) / G_USEC_PER_SEC;
    ts_jump = scd_test_frame_timestamp (b) - scd_test_frame_timestamp (a);
    g_test_message ("across the reconnect (%.3f s without a sender): wallclock +%.3f s, "
                    "timestamp +%.3f s",
                    (double) (second_at - killed_at) / G_USEC_PER_SEC, wall_jump, ts_jump);
    g_assert_cmpint (wall_a, <=, killed_at);
    g_assert_cmpint (wall_b, >=, second_at);
    g_assert_cmpfloat (wall_jump - ts_jump, >=,
                       (double) (second_at - killed_at) / G_USEC_PER_SEC - 0.5);
  }

  /* Audio chunks run on across the reconnect, never backwards. */
  scd_test_iterate_pending ();
  for (guint i = 1; i < session->chunks->len; i++)
    {
      GVariant *prev = g_ptr_array_index (session->chunks, i - 1);
      GVariant *chunk = g_ptr_array_index (session->chunks, i);
      double prev_start = 0, prev_duration = 0, start = 0;

      g_assert_true (g_variant_lookup (prev, "start", "d", &prev_start));
      g_assert_true (g_variant_lookup (prev, "duration", "d", &prev_duration));
      g_assert_true (g_variant_lookup (chunk, "start", "d", &start));
      g_assert_cmpfloat (start, >=, prev_start + prev_duration - 1e-3);
    }

  /* session.json: segment 2 starts where segment 1 ends. */
  scd_test_check_manifest (session, "stopped");
  segments = check_manifest_segments (live, 2);
  g_test_message ("segments: [%.3f s + %.3f s], [%.3f s + %.3f s]",
                  segment_double (segments, 0, "start"), segment_double (segments, 0, "duration"),
                  segment_double (segments, 1, "start"), segment_double (segments, 1, "duration"));
  g_assert_cmpfloat (fabs (segment_double (segments, 0, "start")
                           + segment_double (segments, 0, "duration")
                           - segment_double (segments, 1, "start")),
                     <=, 0.1);
  g_assert_cmpfloat (fabs (segment_double (segments, 1, "duration") - clip->duration), <, 0.2);

  /* The killed sender's last audio never came: the gap is silence, so the
   * chunks, exactly contiguous, reach the end of the timeline. */
  {
    guint64 samples = scd_test_check_chunks (session, 16000, 1);
    double end = segment_double (segments, 1, "start") + segment_double (segments, 1, "duration");

    g_test_message ("%.3f s of audio for a %.3f s timeline", samples / 16000.0, end);
    g_assert_cmpfloat (fabs (samples / 16000.0 - end), <, 0.06);
  }

  /* Both segments play; the first ends where the sender vanished. */
  probe_segment (((Segment *) g_ptr_array_index (live->segments, 0))->path, &probe1);
  probe_segment (segment2->path, &probe2);
  g_assert_cmpuint (probe1.video_frames, >, 0);
  g_assert_cmpuint (probe1.video_frames, <, clip->n_frames);
  g_assert_cmpuint (probe1.width, ==, clip->width);
  g_assert_cmpuint (probe2.video_frames, ==, clip->n_frames);
  g_assert_cmpuint (probe2.width, ==, clip->width);
  g_assert_cmpstr (probe2.errors, ==, "");
  scd_test_service_assert_alive (service);

  /* Position has caught up with the end of segment 2 after Stop. */
  g_test_message ("Position %.3f s after Stop(); segment 2 ends at %.3f s",
                  scd_test_session_get_double (session, SCD_TEST_IFACE_SESSION, "Position"),
                  segment2->start + clip->duration);
  g_assert_cmpfloat (scd_test_session_get_double (session, SCD_TEST_IFACE_SESSION, "Position"), >=,
                     segment2->start + clip->duration - 0.5);
}

typedef struct
{
  ScdTestSession *session;
  ScdTestSocketSender *sender;
} SendWait;

static gboolean
sent_or_ended (gpointer data)
{
  SendWait *wait = data;

  return scd_test_socket_sender_is_done (wait->sender)
         || scd_test_is_final_state (wait->session->state)
         || !scd_test_service_is_running (wait->session->service);
}

/* Connects (once the session listens again) and writes garbage, then hangs
 * up. Afterwards the session has failed with Error set, or it still takes
 * senders: returns TRUE in that case. */
static gboolean
send_garbage (Live *live, guint16 port, GBytes *garbage, const char *what)
{
  g_autoptr (ScdTestSocketSender) sender = NULL;
  g_autofree char *error = NULL;
  g_autofree char *seen = NULL;
  SendWait wait = { live->session, NULL };

  sender = scd_test_socket_sender_start_tcp (port, garbage, 0, FALSE);
  wait.sender = sender;
  scd_test_poll_until (sent_or_ended, &wait, scd_test_timeout_ms (30000));
  error = scd_test_socket_sender_dup_error (sender);
  seen = scd_test_session_describe (live->session);
  g_test_message ("%s: %s, %" G_GUINT64_FORMAT " of %" G_GSIZE_FORMAT " bytes sent%s%s; %s", what,
                  scd_test_socket_sender_is_connected (sender) ? "connected" : "never connected",
                  scd_test_socket_sender_bytes_sent (sender), g_bytes_get_size (garbage),
                  error != NULL ? ": " : "", error != NULL ? error : "", seen);
  scd_test_service_assert_alive (live->service);
  if (g_strcmp0 (live->session->state, "failed") == 0)
    {
      g_autofree char *error_text = scd_test_session_get_string (live->session, "Error");

      g_assert_cmpstr (error_text, !=, "");
      return FALSE;
    }
  if (scd_test_is_final_state (live->session->state))
    g_error ("with %s the session ended “%s”, neither waiting nor failed: %s", what,
             live->session->state, seen);
  if (!scd_test_socket_sender_is_connected (sender))
    g_error ("%s: the session neither failed nor took the sender: %s (%s)", what, error, seen);
  if (!scd_test_socket_sender_is_done (sender))
    g_error ("%s: the sender could not write within %u ms and the session did not fail (%s)", what,
             scd_test_timeout_ms (30000), seen);
  return TRUE;
}

/* Garbage to one session's port; a good session beside it is untouched. */
static void
test_garbage (void)
{
  const ScdTestClip *clip = scd_test_sender_live_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (Live) bad = NULL;
  g_autoptr (Live) good = NULL;
  g_autoptr (ScdTestFfmpegSender) good_sender = NULL;
  g_autoptr (GBytes) random = NULL;
  g_autoptr (GBytes) ts_like = NULL;
  g_autofree char *bad_url = NULL;
  g_autofree char *good_url = NULL;
  guint16 bad_port, good_port;
  guint n_states;
  gboolean alive;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  bad_port = scd_test_free_port (FALSE);
  good_port = scd_test_free_port (FALSE);
  g_assert_cmpuint (bad_port, !=, good_port);
  bad_url = scd_test_tcp_listen_url (bad_port);
  good_url = scd_test_tcp_listen_url (good_port);
  bad = live_create_started (service, bad_url, NULL);
  good = live_create_started (service, good_url, NULL);
  wait_tcp_listening (good->session, good_port);
  wait_tcp_listening (bad->session, bad_port);
  good_sender = scd_test_ffmpeg_sender_start_tcp (clip->path, good_port);
  wait_state_since (good->session, 0, "running", 20000);

  random = scd_test_garbage_bytes (512 * 1024, 4, FALSE);
  alive = send_garbage (bad, bad_port, random, "random bytes");
  if (alive)
    {
      ts_like = scd_test_garbage_bytes (188 * 2000, 7, TRUE);
      alive = send_garbage (bad, bad_port, ts_like, "TS-like garbage");
    }
  if (alive)
    {
      /* Still waiting means it still takes a good sender. */
      g_autoptr (GBytes) stream = scd_test_file_bytes (clip->path);
      g_autoptr (ScdTestSocketSender) sender = NULL;

      n_states = bad->session->states->len;
      sender = scd_test_socket_sender_start_tcp (bad_port, stream, 0, TRUE);
      wait_state_since (bad->session, n_states, "running", 20000);
      scd_test_session_wait_frames_ok (bad->session, 1, 20000);
      scd_test_session_stop_ok (bad->session);
      scd_test_check_frames (bad->session, clip->width, clip->height);
    }
  else
    {
      g_autoptr (GError) error = NULL;

      /* Failed: Stop() does nothing, and the session stays failed. */
      scd_test_session_stop (bad->session, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (bad->session->state, ==, "failed");
    }

  /* The good session beside it went on as if nothing happened. */
  if (!scd_test_ffmpeg_sender_wait (good_sender, scd_test_timeout_ms (30000)))
    g_error ("the good sender did not finish within %u ms", scd_test_timeout_ms (30000));
  g_assert_true (scd_test_ffmpeg_sender_succeeded (good_sender));
  scd_test_session_wait_frames_ok (good->session, 1 + clip->cut_frames->len, 10000);
  scd_test_session_stop_ok (good->session);
  assert_whole_clip_cuts (good->session, clip);
  scd_test_check_frames (good->session, clip->width, clip->height);
  g_assert_false (state_seen_at (good->session, 0, "failed"));
  scd_test_service_assert_alive (service);
}

/* A sender connects and sends nothing: Stop() still gets through. */
static void
test_silent_sender (void)
{
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (Live) live = NULL;
  g_autoptr (ScdTestSocketSender) sender = NULL;
  g_autofree char *url = NULL;
  gint64 took;
  guint16 port;

  service = scd_test_service_start ();
  port = scd_test_free_port (FALSE);
  url = scd_test_tcp_listen_url (port);
  live = live_create_started (service, url, NULL);
  wait_tcp_listening (live->session, port);
  sender = scd_test_socket_sender_start_tcp (port, NULL, 0, TRUE);
  if (!scd_test_socket_sender_wait_connected (sender, scd_test_timeout_ms (10000)))
    {
      g_autofree char *error = scd_test_socket_sender_dup_error (sender);

      g_error ("the silent sender did not connect: %s", error);
    }
  /* Let the service get into its read. */
  scd_test_iterate_for (700);
  g_test_message ("before Stop(): State %s", live->session->state);

  took = scd_test_session_stop_ok (live->session);
  if (took > stop_limit_us ())
    g_error ("Stop() with a silent sender took %.3f s (limit %.3f s)",
             (double) took / G_USEC_PER_SEC, (double) stop_limit_us () / G_USEC_PER_SEC);
  scd_test_socket_sender_close (sender);
  scd_test_check_manifest (live->session, "stopped");
  scd_test_service_assert_alive (service);
}

/* A sender that connects and sends nothing once held the only listener
 * slot for ever. With sender-timeout 1 s it is dropped, and the sender
 * after it gets through. */
static void
test_stalled_sender (void)
{
  const ScdTestClip *clip = scd_test_sender_live_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (Live) live = NULL;
  g_autoptr (ScdTestSocketSender) silent = NULL;
  g_autoptr (ScdTestSocketSender) sender = NULL;
  g_autoptr (GBytes) stream = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  port = scd_test_free_port (FALSE);
  url = scd_test_tcp_listen_url (port);
  live = live_create_started (service, url, g_variant_new_parsed ("{'sender-timeout': <1.0>}"));
  wait_tcp_listening (live->session, port);
  silent = scd_test_socket_sender_start_tcp (port, NULL, 0, TRUE);
  g_assert_true (scd_test_socket_sender_wait_connected (silent, scd_test_timeout_ms (10000)));

  stream = scd_test_file_bytes (clip->path);
  sender = scd_test_socket_sender_start_tcp (
      port, stream, 2.0 * (double) g_bytes_get_size (stream) / clip->duration, FALSE);
  if (!scd_test_socket_sender_wait_connected (sender, scd_test_timeout_ms (15000)))
    {
      g_autofree char *seen = scd_test_session_describe (live->session);

      g_error ("the sender after a silent one did not get through (%s)", seen);
    }
  wait_state_since (live->session, 0, "running", 20000);
  g_assert_true (scd_test_socket_sender_wait_done (sender, scd_test_timeout_ms (30000)));
  scd_test_session_wait_frames_ok (live->session, 1 + clip->cut_frames->len, 10000);
  scd_test_session_stop_ok (live->session);
  scd_test_socket_sender_close (silent);
  scd_test_service_assert_alive (service);
}

/* tcp://0.0.0.0:P?listen once listened on every interface without a word:
 * refused unless listen-public; a listener with no host listens on
 * loopback, and says so in Source. */
static void
test_listen_address (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  guint16 port = scd_test_free_port (FALSE);
  g_autofree char *wildcard = g_strdup_printf ("tcp://0.0.0.0:%u?listen", port);
  g_autofree char *no_host = g_strdup_printf ("tcp://:%u?listen", port);
  g_autofree char *loopback = g_strdup_printf ("tcp://127.0.0.1:%u?listen", port);
  g_autoptr (ScdTestSession) refused = NULL;
  g_autoptr (ScdTestSession) public = NULL;
  g_autoptr (ScdTestSession) local = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *source = NULL;

  refused = scd_test_session_create (service, g_variant_new_parsed ("{'source': <%s>}", wildcard),
                                     &error);
  g_assert_null (refused);
  scd_test_assert_scened_error (error, "InvalidArgument");
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  public = scd_test_session_create (
      service, g_variant_new_parsed ("{'source': <%s>, 'listen-public': <true>}", wildcard),
      &error);
  g_assert_no_error (error);
  scd_test_session_close (public, &error);
  g_assert_no_error (error);

  local = scd_test_session_create (service, g_variant_new_parsed ("{'source': <%s>}", no_host),
                                   &error);
  g_assert_no_error (error);
  source = scd_test_session_get_string (local, "Source");
  g_assert_cmpstr (source, ==, loopback);
  scd_test_session_start (local, &error);
  g_assert_no_error (error);
  g_assert_true (scd_test_wait_tcp_listening (port, scd_test_timeout_ms (10000)));
  scd_test_session_stop_ok (local);
  scd_test_service_assert_alive (service);
}

static gboolean
port_closed (gpointer data)
{
  return !scd_test_tcp_is_listening ((guint16) GPOINTER_TO_UINT (data));
}

/* Stop() while the session waits in accept, nobody having connected. */
static void
test_stop_before_connect (void)
{
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (Live) live = NULL;
  g_autoptr (JsonArray) segments = NULL;
  g_autofree char *url = NULL;
  gboolean waiting_live;
  double waiting_progress;
  gint64 took;
  guint16 port;

  service = scd_test_service_start ();
  port = scd_test_free_port (FALSE);
  url = scd_test_tcp_listen_url (port);
  live = live_create_started (service, url, NULL);
  wait_tcp_listening (live->session, port);
  scd_test_iterate_for (500);
  g_assert_cmpstr (live->session->state, ==, "starting");
  waiting_live = scd_test_session_get_boolean (live->session, SCD_TEST_IFACE_SESSION, "Live");
  waiting_progress = scd_test_session_get_double (live->session, SCD_TEST_IFACE_SESSION,
                                                  "Progress");

  took = scd_test_session_stop_ok (live->session);
  if (took > stop_limit_us ())
    g_error ("Stop() before any sender took %.3f s (limit %.3f s)", (double) took / G_USEC_PER_SEC,
             (double) stop_limit_us () / G_USEC_PER_SEC);
  g_assert_cmpuint (live->segments->len, ==, 0);
  g_assert_cmpuint (
      scd_test_session_get_uint (live->session, SCD_TEST_IFACE_SESSION, "SegmentCount"), ==, 0);
  g_assert_cmpuint (live->session->frames->len, ==, 0);
  scd_test_check_manifest (live->session, "stopped");
  segments = manifest_segments (live->session);
  g_assert_nonnull (segments);
  g_assert_cmpuint (json_array_get_length (segments), ==, 0);
  /* The listener went with the session. */
  if (!scd_test_poll_until (port_closed, GUINT_TO_POINTER (port), scd_test_timeout_ms (2000)))
    g_error ("127.0.0.1:%u still listens after Stop()", port);
  scd_test_service_assert_alive (service);

  /* A live session is live (Progress -1) before its first sender too. */
  g_test_message ("while waiting: Live %d, Progress %g", waiting_live, waiting_progress);
  g_assert_true (waiting_live);
  g_assert_cmpfloat (waiting_progress, ==, -1.0);
}

/* The same over a Unix socket, from the in-process writer at twice the
 * clip's rate. */
static void
test_unix_socket (void)
{
  const ScdTestClip *clip = scd_test_sender_live_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (Live) live = NULL;
  g_autoptr (ScdTestSocketSender) sender = NULL;
  g_autoptr (GBytes) stream = NULL;
  g_autoptr (JsonArray) segments = NULL;
  g_autofree char *socket_path = NULL;
  g_autofree char *source = NULL;
  g_autofree char *expected_path = NULL;
  g_autofree char *error = NULL;
  g_auto (Probe) probe = { 0 };
  ScdTestSession *session;
  guint n_states;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  socket_path = g_build_filename (service->tmp_dir, "live.sock", NULL);
  source = g_strconcat ("unix:", socket_path, NULL);
  live = live_create_started (service, source, NULL);
  session = live->session;
  expected_path = segment_path (session, 1);

  stream = scd_test_file_bytes (clip->path);
  sender = scd_test_socket_sender_start_unix (
      socket_path, stream, 2.0 * (double) g_bytes_get_size (stream) / clip->duration, FALSE);
  if (!scd_test_socket_sender_wait_connected (sender, scd_test_timeout_ms (20000)))
    {
      g_autofree char *seen = scd_test_session_describe (session);

      error = scd_test_socket_sender_dup_error (sender);
      g_error ("%s (%s)", error, seen);
    }
  wait_state_since (session, 0, "running", 20000);
  wait_segments (live, 1, 10000);
  g_assert_cmpstr (((Segment *) g_ptr_array_index (live->segments, 0))->path, ==, expected_path);
  g_assert_true (scd_test_session_get_boolean (session, SCD_TEST_IFACE_SESSION, "Live"));

  if (!scd_test_socket_sender_wait_done (sender, scd_test_timeout_ms (30000)))
    g_error ("the Unix socket sender did not finish within %u ms", scd_test_timeout_ms (30000));
  error = scd_test_socket_sender_dup_error (sender);
  g_assert_null (error);
  g_assert_cmpuint (scd_test_socket_sender_bytes_sent (sender), ==, g_bytes_get_size (stream));
  scd_test_socket_sender_close (sender);
  n_states = session->states->len;
  wait_state_since (session, n_states - 1, "reconnecting", 10000);
  scd_test_session_wait_frames_ok (session, 1 + clip->cut_frames->len, 10000);

  scd_test_session_stop_ok (session);
  assert_whole_clip_cuts (session, clip);
  scd_test_check_frames (session, clip->width, clip->height);
  scd_test_check_manifest (session, "stopped");
  segments = check_manifest_segments (live, 1);
  probe_segment (expected_path, &probe);
  g_assert_cmpuint (probe.video_frames, ==, clip->n_frames);
  g_assert_cmpstr (probe.errors, ==, "");
  scd_test_service_assert_alive (service);
}

/* The 33-bit MPEG-TS clock wraps (at 95443.7 s) in the middle of one
 * connection: the timeline goes on through it, the cuts after the wrap
 * land where the clip has them, and the audio stays whole. */
static void
test_ts_wrap (void)
{
  const ScdTestClip *clip = scd_test_sender_live_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (Live) live = NULL;
  g_autoptr (ScdTestSocketSender) sender = NULL;
  g_autoptr (GBytes) stream = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *wrapped = NULL;
  g_autofree char *url = NULL;
  g_autofree char *probe_out = NULL;
  ScdTestSession *session;
  guint64 samples;
  guint n_states;
  guint16 port;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();

  /* Shift the clip's clock so that it wraps about half way through. */
  wrapped = g_build_filename (service->tmp_dir, "wrapped.ts", NULL);
  {
    g_autofree char *offset = g_strdup_printf ("%.3f",
                                               8589934592.0 / 90000.0 - 1.4 - clip->duration / 2.0);
    const char *argv[] = { "ffmpeg", "-nostdin", "-loglevel", "error", "-y",
                           "-i",     clip->path, "-c",        "copy",  "-output_ts_offset",
                           offset,   "-f",       "mpegts",    wrapped, NULL };

    g_assert_true (scd_test_media_run (argv, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  /* The clip really wraps: its raw packet timestamps (ffprobe would
   * correct them) go down once. */
  {
    const char *argv[] = { "ffprobe",    "-v",
                           "error",      "-correct_ts_overflow",
                           "0",          "-select_streams",
                           "v:0",        "-show_entries",
                           "packet=pts", "-of",
                           "csv=p=0",    wrapped,
                           NULL };
    g_auto (GStrv) lines = NULL;
    gint64 previous = -1;
    guint drops = 0;

    g_assert_true (scd_test_media_run (argv, &probe_out, NULL, &error));
    g_assert_no_error (error);
    lines = g_strsplit (probe_out, "\n", -1);
    for (char **l = lines; *l != NULL; l++)
      {
        gint64 pts = g_ascii_strtoll (*l, NULL, 10);

        if (**l == '\0' || g_str_equal (*l, "N/A"))
          continue;
        if (previous >= 0 && pts < previous - 90000)
          drops++;
        previous = pts;
      }
    g_assert_cmpuint (drops, ==, 1);
  }

  port = scd_test_free_port (FALSE);
  url = scd_test_tcp_listen_url (port);
  live = live_create_started (service, url, NULL);
  session = live->session;
  wait_tcp_listening (session, port);

  stream = scd_test_file_bytes (wrapped);
  sender = scd_test_socket_sender_start_tcp (
      port, stream, 4.0 * (double) g_bytes_get_size (stream) / clip->duration, FALSE);
  wait_state_since (session, 0, "running", 20000);
  if (!scd_test_socket_sender_wait_done (sender, scd_test_timeout_ms (30000)))
    g_error ("the sender did not finish within %u ms", scd_test_timeout_ms (30000));
  scd_test_socket_sender_close (sender);
  n_states = session->states->len;
  wait_state_since (session, n_states - 1, "reconnecting", 10000);
  scd_test_session_wait_frames_ok (session, 1 + clip->cut_frames->len, 10000);
  scd_test_session_stop_ok (session);

  assert_whole_clip_cuts (session, clip);
  assert_timestamps_increase (session->frames);
  samples = scd_test_check_chunks (session, 16000, 1);
  g_test_message ("%" G_GUINT64_FORMAT " samples of audio for a %.3f s clip", samples,
                  clip->duration);
  g_assert_cmpfloat (fabs ((double) samples / 16000.0 - clip->duration), <, 0.2);
  scd_test_service_assert_alive (service);
}

/* udp://: the service binds, ffmpeg sends datagrams. */
static void
test_udp (void)
{
  const ScdTestClip *clip = scd_test_sender_live_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (Live) live = NULL;
  g_autoptr (ScdTestFfmpegSender) sender = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  port = scd_test_free_port (TRUE);
  url = g_strdup_printf ("udp://127.0.0.1:%u", port);
  live = live_create_started (service, url, NULL);
  if (!scd_test_wait_udp_bound (port, scd_test_timeout_ms (10000)))
    {
      g_autofree char *seen = scd_test_session_describe (live->session);

      g_error ("nothing bound UDP 127.0.0.1:%u within %u ms of Start: %s", port,
               scd_test_timeout_ms (10000), seen);
    }
  sender = scd_test_ffmpeg_sender_start_udp (clip->path, port);
  wait_state_since (live->session, 0, "running", 20000);
  g_assert_true (scd_test_session_get_boolean (live->session, SCD_TEST_IFACE_SESSION, "Live"));
  if (!scd_test_ffmpeg_sender_wait (sender, scd_test_timeout_ms (30000)))
    g_error ("the UDP sender did not finish within %u ms", scd_test_timeout_ms (30000));
  scd_test_session_wait_frames_ok (live->session, 1 + clip->cut_frames->len, 10000);
  scd_test_session_stop_ok (live->session);
  assert_whole_clip_cuts (live->session, clip);
  scd_test_check_frames (live->session, clip->width, clip->height);
  scd_test_check_manifest (live->session, "stopped");
  scd_test_service_assert_alive (service);
}

/* Frames too large for one piece of the MPEG-TS demuxer (scd-ts-framer.c
 * joins them): every one decoded, the cut found, the pictures whole. */
static void
test_large_frames (void)
{
  const ScdTestClip *clip = scd_test_sender_large_frames_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (Live) live = NULL;
  g_autoptr (ScdTestFfmpegSender) sender = NULL;
  g_autofree char *url = NULL;
  goffset size;
  guint16 port;

  if (clip == NULL)
    return;
  size = file_size (clip->path);
  g_test_message ("%s: %u frames, %" G_GOFFSET_FORMAT " bytes", clip->path, clip->n_frames, size);
  g_assert_cmpint (size / clip->n_frames, >, 200 * 1024);
  service = scd_test_service_start ();
  port = scd_test_free_port (FALSE);
  url = scd_test_tcp_listen_url (port);
  live = live_create_started (service, url, NULL);
  wait_tcp_listening (live->session, port);
  sender = scd_test_ffmpeg_sender_start_tcp (clip->path, port);
  wait_state_since (live->session, 0, "running", 20000);
  if (!scd_test_ffmpeg_sender_wait (sender, scd_test_timeout_ms (30000)))
    g_error ("the sender did not finish within %u ms", scd_test_timeout_ms (30000));
  /* All it sent is read once the session waits for the next sender. */
  wait_state_since (live->session, live->session->states->len - 1, "reconnecting", 20000);
  scd_test_session_wait_frames_ok (live->session, 1 + clip->cut_frames->len, 10000);
  scd_test_session_stop_ok (live->session);
  assert_whole_clip_cuts (live->session, clip);
  scd_test_check_frames (live->session, clip->width, clip->height);
  g_assert_cmpuint (
      scd_test_session_get_uint64 (live->session, SCD_TEST_IFACE_SESSION, "FramesDecoded"), ==,
      clip->n_frames);
  scd_test_service_assert_alive (service);
}

/* The byte offset of each video packet of @path (where its PES packet
 * starts), from ffprobe. */
static GArray *
video_packet_offsets (const char *path)
{
  const char *argv[] = {
    "ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pos", "-of",
    "csv=p=0", path, NULL
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (gsize));

  g_assert_true (scd_test_media_run (argv, &out, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (out, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    if (**l != '\0')
      {
        gsize offset = g_ascii_strtoull (*l, NULL, 10);

        g_array_append_val (offsets, offset);
      }
  return offsets;
}

/* ffmpeg's MPEG-TS muxer leaves the video PES length out unless told:
 * libavformat's demuxer alone would hold each frame until the next began.
 * A sender sends the frames up to the one after the cut and waits: the
 * cut is announced all the same (scd-ts-reader.c tells the demuxer where
 * each frame ends). */
static void
test_pes_length_unwritten (void)
{
  const ScdTestClip *clip = scd_test_sender_short_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (Live) live = NULL;
  g_autoptr (ScdTestSocketSender) sender = NULL;
  g_autoptr (GBytes) stream = NULL;
  g_autoptr (GBytes) first_part = NULL;
  g_autoptr (GArray) offsets = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *remuxed = NULL;
  g_autofree char *url = NULL;
  guint cut, n_states;
  guint16 port;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  remuxed = g_build_filename (service->tmp_dir, "unwritten.ts", NULL);
  {
    const char *argv[] = { "ffmpeg", "-nostdin", "-loglevel", "error", "-y",
                           "-i",     clip->path, "-map",      "0",     "-c",
                           "copy",   "-f",       "mpegts",    remuxed, NULL };

    g_assert_true (scd_test_media_run (argv, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  offsets = video_packet_offsets (remuxed);
  g_assert_cmpuint (offsets->len, ==, clip->n_frames);
  cut = g_array_index (clip->cut_frames, guint, 0);
  stream = scd_test_file_bytes (remuxed);
  /* Each frame up to the one after the cut, whole, and not a byte of the
   * next. */
  first_part = g_bytes_new_from_bytes (stream, 0, g_array_index (offsets, gsize, cut + 2));

  port = scd_test_free_port (FALSE);
  url = scd_test_tcp_listen_url (port);
  live = live_create_started (service, url, NULL);
  wait_tcp_listening (live->session, port);
  sender = scd_test_socket_sender_start_tcp (port, first_part, 0, TRUE);
  wait_state_since (live->session, 0, "running", 20000);
  scd_test_session_wait_frames_ok (live->session, 2, 10000);
  scd_test_socket_sender_close (sender);
  n_states = live->session->states->len;
  wait_state_since (live->session, n_states - 1, "reconnecting", 10000);
  scd_test_session_stop_ok (live->session);
  scd_test_check_frames (live->session, clip->width, clip->height);
  scd_test_service_assert_alive (service);
}

/* A sender sends an HLS playlist naming a file on the service's machine:
 * the demuxer may open only what the stream came by (tcp), so nothing of
 * that file is read. The good sender after it is taken as usual: only its
 * frames are decoded. */
static void
test_playlist_opens_nothing (void)
{
  const ScdTestClip *clip = scd_test_sender_short_clip ();
  const ScdTestClip *local = scd_test_sender_steady_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (Live) live = NULL;
  g_autoptr (ScdTestSocketSender) playlist_sender = NULL;
  g_autoptr (ScdTestSocketSender) sender = NULL;
  g_autoptr (GBytes) playlist = NULL;
  g_autoptr (GBytes) stream = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  if (clip == NULL || local == NULL)
    return;
  service = scd_test_service_start ();
  port = scd_test_free_port (FALSE);
  url = scd_test_tcp_listen_url (port);
  live = live_create_started (service, url, NULL);
  wait_tcp_listening (live->session, port);

  text = g_strdup_printf ("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:%u\n#EXTINF:%.3f,\n"
                          "file://%s\n#EXT-X-ENDLIST\n",
                          (guint) ceil (local->duration), local->duration, local->path);
  playlist = g_bytes_new (text, strlen (text));
  playlist_sender = scd_test_socket_sender_start_tcp (port, playlist, 0, FALSE);
  if (!scd_test_socket_sender_wait_done (playlist_sender, scd_test_timeout_ms (20000)))
    g_error ("the playlist was not sent within %u ms", scd_test_timeout_ms (20000));
  scd_test_socket_sender_close (playlist_sender);

  /* Taken one after the other: this one once the playlist's is done. */
  stream = scd_test_file_bytes (clip->path);
  sender = scd_test_socket_sender_start_tcp (
      port, stream, 4.0 * (double) g_bytes_get_size (stream) / clip->duration, FALSE);
  wait_state_since (live->session, 0, "running", 20000);
  if (!scd_test_socket_sender_wait_done (sender, scd_test_timeout_ms (30000)))
    g_error ("the sender did not finish within %u ms", scd_test_timeout_ms (30000));
  scd_test_socket_sender_close (sender);
  wait_state_since (live->session, live->session->states->len - 1, "reconnecting", 10000);
  scd_test_session_wait_frames_ok (live->session, 1 + clip->cut_frames->len, 10000);
  scd_test_session_stop_ok (live->session);
  g_assert_cmpuint (
      scd_test_session_get_uint64 (live->session, SCD_TEST_IFACE_SESSION, "FramesDecoded"), ==,
      clip->n_frames);
  assert_whole_clip_cuts (live->session, clip);
  scd_test_service_assert_alive (service);
}

/* realtime: a file read at its own pace. Not a performance check: only
 * that pacing happens at all, so only a lower bound. */
static void
test_realtime_file (void)
{
  const ScdTestClip *clip = scd_test_sender_short_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (Live) live = NULL;
  g_autoptr (GError) error = NULL;
  GVariantDict extra;
  gint64 before;
  double took;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  g_variant_dict_init (&extra, NULL);
  g_variant_dict_insert (&extra, "realtime", "b", TRUE);
  live = live_create (service, clip->path, g_variant_dict_end (&extra));
  before = g_get_monotonic_time ();
  live_start (live);
  if (!scd_test_session_wait_state (live->session, "stopped", scd_test_timeout_ms (60000)))
    g_error ("the realtime session did not stop by itself");
  took = (double) (g_get_monotonic_time () - before) / G_USEC_PER_SEC;
  g_test_message ("a %.2f s file read in realtime took %.3f s", clip->duration, took);
  g_assert_cmpfloat (took, >=, clip->duration - 0.5);
  assert_whole_clip_cuts (live->session, clip);
  scd_test_check_frames (live->session, clip->width, clip->height);
  scd_test_check_manifest (live->session, "stopped");
}

static gboolean
frame_announced (gpointer data)
{
  ScdTestSession *session = ((void **) data)[0];
  const char *id = ((void **) data)[1];

  for (guint i = 0; i < session->frames->len; i++)
    {
      const char *other = NULL;

      if (g_variant_lookup (g_ptr_array_index (session->frames, i), "id", "&s", &other)
          && g_strcmp0 (other, id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* CaptureFrame() on a running live session: the latest frame, at once. A
 * clip without cuts, so the capture cannot be the frame of a cut. */
static void
test_capture (void)
{
  const ScdTestClip *clip = scd_test_sender_steady_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (Live) live = NULL;
  g_autoptr (ScdTestFfmpegSender) sender = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariant) entry = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  const char *path = NULL;
  const char *id = NULL;
  guint width = 0, height = 0;
  double timestamp, sending_for, running_for;
  gint64 sender_started, running_at, before, took;
  PositionWait position_wait;
  guint16 port;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  port = scd_test_free_port (FALSE);
  url = scd_test_tcp_listen_url (port);
  live = live_create_started (service, url, NULL);
  wait_tcp_listening (live->session, port);
  sender_started = g_get_monotonic_time ();
  sender = scd_test_ffmpeg_sender_start_tcp (clip->path, port);
  wait_state_since (live->session, 0, "running", 20000);
  running_at = g_get_monotonic_time ();
  scd_test_session_wait_frames_ok (live->session, 1, 20000);
  /* Past the first frame. */
  position_wait = (PositionWait){ live->session, 0.5 };
  if (!scd_test_poll_until (position_reached, &position_wait, scd_test_timeout_ms (10000)))
    g_error ("Position did not reach 0.5 s within %u ms of the first frame",
             scd_test_timeout_ms (10000));

  before = g_get_monotonic_time ();
  reply = scd_test_service_call (service, live->session->path, SCD_TEST_IFACE_SESSION,
                                 "CaptureFrame", NULL, G_VARIANT_TYPE ("(a{sv})"), &error);
  took = g_get_monotonic_time () - before;
  g_assert_no_error (error);
  entry = g_variant_get_child_value (reply, 0);
  text = g_variant_print (entry, TRUE);
  g_test_message ("CaptureFrame() took %.3f s: %s", (double) took / G_USEC_PER_SEC, text);
  g_assert_cmpint (took, <, (gint64) scd_test_timeout_ms (1000) * 1000);

  g_assert_cmpstr (scd_test_frame_reason (entry), ==, "capture");
  g_assert_true (g_variant_lookup (entry, "path", "&s", &path));
  g_assert_true (g_variant_lookup (entry, "id", "&s", &id));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  scd_test_media_probe_image (path, &width, &height, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (width, ==, clip->width);
  g_assert_cmpuint (height, ==, clip->height);
  /* The latest frame: ffmpeg -re sends at the clip's rate, so the live
   * edge is about as far into the clip as the sender has been sending. */
  timestamp = scd_test_frame_timestamp (entry);
  sending_for = (double) (before + took - sender_started) / G_USEC_PER_SEC;
  running_for = (double) (before - running_at) / G_USEC_PER_SEC;
  g_test_message ("captured at %.3f s; sending for %.3f s, running for %.3f s", timestamp,
                  sending_for, running_for);
  g_assert_cmpfloat (timestamp, <=, sending_for + 0.5);
  g_assert_cmpfloat (timestamp, >=, running_for - scd_test_timeout_ms (1000) / 1000.0);

  /* It is a frame entry like the others: announced and indexed. */
  if (!scd_test_poll_until (frame_announced, (void *[]){ live->session, (void *) id },
                            scd_test_timeout_ms (5000)))
    g_error ("the captured frame %s was not announced by NewFrames", id);
  scd_test_session_stop_ok (live->session);
  scd_test_check_frames (live->session, clip->width, clip->height);
  scd_test_service_assert_alive (service);
}

/* A socket of another program, listening at @path. */
static GSocket *
listen_unix (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (path);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_no_error (error);
  return socket;
}

static gboolean
can_connect_unix (gpointer data)
{
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (data);
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                             G_SOCKET_PROTOCOL_DEFAULT, NULL);

  return g_socket_connect (socket, address, NULL, NULL);
}

typedef struct
{
  const char *path;
  gboolean connected;
} ConnectOnce;

static gboolean
connected_once (gpointer data)
{
  ConnectOnce *once = data;

  if (!once->connected)
    once->connected = can_connect_unix ((gpointer) once->path);
  return once->connected;
}

static void
expect_fails_at_once (ScdTestService *service, const char *source, const char *what)
{
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *error_text = NULL;

  g_test_message ("%s: %s", what, source);
  session = scd_test_session_create (service, g_variant_new_parsed ("{'source': <%s>}", source),
                                     &error);
  g_assert_no_error (error);
  scd_test_session_start (session, &error);
  g_assert_no_error (error);
  if (!scd_test_session_wait_state (session, "failed", scd_test_timeout_ms (10000)))
    g_error ("a listener that can never listen (%s) did not fail", what);
  error_text = scd_test_session_get_string (session, "Error");
  g_test_message ("Error: %s", error_text);
  g_assert_cmpstr (error_text, !=, "");
}

/* A listen source that can never be opened once stayed in "starting" for
 * ever with an empty Error; and a Unix socket another program listens on
 * was deleted and taken over (pointed at the session bus's socket, new
 * bus clients hung). Each fails at once, saying why, and the other
 * program's socket is untouched. A stale socket (nobody listens) is
 * replaced. */
static void
test_cannot_listen (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  g_autofree char *missing_dir = g_build_filename (service->tmp_dir, "no-such-dir", "s.sock", NULL);
  g_autofree char *regular = g_build_filename (service->tmp_dir, "regular", NULL);
  g_autofree char *dangling = g_build_filename (service->tmp_dir, "dangling.sock", NULL);
  g_autofree char *in_use = g_build_filename (service->tmp_dir, "in-use.sock", NULL);
  g_autofree char *stale = g_build_filename (service->tmp_dir, "stale.sock", NULL);
  g_autoptr (GSocket) other = NULL;
  g_autoptr (GSocketListener) taken = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  guint16 port = scd_test_free_port (FALSE);

  g_file_set_contents (regular, "not a socket", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (symlink ("/nonexistent/target", dangling), ==, 0);
  other = listen_unix (in_use);
  g_assert_true (g_socket_listener_add_inet_port (taken, port, NULL, &error));
  g_assert_no_error (error);

  {
    g_autofree char *a = g_strconcat ("unix:", missing_dir, NULL);
    g_autofree char *b = g_strconcat ("unix:", regular, NULL);
    g_autofree char *c = g_strconcat ("unix:", service->tmp_dir, NULL);
    g_autofree char *d = g_strconcat ("unix:", dangling, NULL);
    g_autofree char *e = g_strconcat ("unix:", in_use, NULL);
    g_autofree char *f = scd_test_tcp_listen_url (port);

    expect_fails_at_once (service, a, "a socket in a folder that does not exist");
    expect_fails_at_once (service, b, "a regular file");
    expect_fails_at_once (service, c, "a directory");
    expect_fails_at_once (service, d, "a dangling symlink");
    expect_fails_at_once (service, e, "a socket another program listens on");
    expect_fails_at_once (service, f, "a TCP port already taken");
  }
  g_assert_true (g_file_test (in_use, G_FILE_TEST_EXISTS));
  g_assert_true (can_connect_unix (in_use));

  /* Bound, then closed without unlinking: stale. */
  {
    g_autoptr (GSocket) gone = listen_unix (stale);
    g_autofree char *source = g_strconcat ("unix:", stale, NULL);
    g_autoptr (ScdTestSession) session = NULL;

    ConnectOnce once = { stale };

    g_socket_close (gone, NULL);
    g_assert_false (can_connect_unix (stale));
    session = scd_test_session_start_file (service, source, NULL);
    /* The service's listener takes one connection: connect once. */
    g_assert_true (scd_test_poll_until (connected_once, &once, scd_test_timeout_ms (10000)));
    scd_test_session_stop_ok (session);
  }
  scd_test_service_assert_alive (service);
}

static gboolean
error_set (gpointer data)
{
  g_autofree char *text = scd_test_session_get_string (data, "Error");

  return *text != '\0';
}

/* A client URL whose server is not up: the session keeps trying, its
 * Error says why and when it tries again; past connect-timeout it fails. */
static void
test_connect_timeout (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *source = g_strdup_printf ("tcp://127.0.0.1:%u", scd_test_free_port (FALSE));
  g_autofree char *waiting = NULL;
  g_autofree char *failed = NULL;

  session = scd_test_session_create (
      service, g_variant_new_parsed ("{'source': <%s>, 'connect-timeout': <2.0>}", source), &error);
  g_assert_no_error (error);
  scd_test_session_start (session, &error);
  g_assert_no_error (error);
  g_assert_true (scd_test_poll_until (error_set, session, scd_test_timeout_ms (10000)));
  waiting = scd_test_session_get_string (session, "Error");
  g_test_message ("while waiting: %s (%s)", waiting, session->state);
  g_assert_nonnull (strstr (waiting, "trying again in"));
  g_assert_false (scd_test_is_final_state (session->state));

  g_assert_true (scd_test_session_wait_state (session, "failed", scd_test_timeout_ms (20000)));
  failed = scd_test_session_get_string (session, "Error");
  g_test_message ("failed: %s", failed);
  g_assert_nonnull (strstr (failed, "connect-timeout"));
  scd_test_service_assert_alive (service);
}

int
main (int argc, char **argv)
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/live/tcp-cuts", test_tcp_cuts);
  g_test_add_func ("/live/tcp-reconnect", test_tcp_reconnect);
  g_test_add_func ("/live/garbage", test_garbage);
  g_test_add_func ("/live/silent-sender", test_silent_sender);
  g_test_add_func ("/live/stalled-sender", test_stalled_sender);
  g_test_add_func ("/live/stop-before-connect", test_stop_before_connect);
  g_test_add_func ("/live/unix-socket", test_unix_socket);
  g_test_add_func ("/live/cannot-listen", test_cannot_listen);
  g_test_add_func ("/live/connect-timeout", test_connect_timeout);
  g_test_add_func ("/live/udp", test_udp);
  g_test_add_func ("/live/large-frames", test_large_frames);
  g_test_add_func ("/live/pes-length-unwritten", test_pes_length_unwritten);
  g_test_add_func ("/live/playlist-opens-nothing", test_playlist_opens_nothing);
  g_test_add_func ("/live/listen-address", test_listen_address);
  g_test_add_func ("/live/realtime-file", test_realtime_file);
  g_test_add_func ("/live/capture", test_capture);
  g_test_add_func ("/live/ts-wrap", test_ts_wrap);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
