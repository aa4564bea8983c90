/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The service's limits, each with a clear error: how many sessions may be
 * at work at once, and how large a frame may be; and how often NewFrames
 * may be sent.
 */
#include "config.h"

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-service.h"

static void
assert_create_refused (ScdTestService *service, const ScdTestClip *clip)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ScdTestSession) refused = NULL;

  refused = scd_test_session_create (service, g_variant_new_parsed ("{'source': <%s>}", clip->path),
                                     &error);
  g_assert_null (refused);
  scd_test_assert_scened_error (error, "InvalidState");
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, "2 sessions"));
}

/* With --max-sessions 2, a third session at work is refused until one of
 * the two is closed or ends; sessions that have ended do not count. */
static void
test_sessions (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  const char *const args[] = { "--max-sessions", "2", NULL };
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) a = NULL;
  g_autoptr (ScdTestSession) b = NULL;
  g_autoptr (ScdTestSession) c = NULL;
  g_autoptr (ScdTestSession) d = NULL;
  g_autoptr (GError) error = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start_full (NULL, args);

  /* Created and not started yet: they count, for the client that made
   * them (tests/integration/test-access.c: not for the others). */
  a = scd_test_session_create_file (service, clip->path, NULL);
  b = scd_test_session_create_file (service, clip->path, NULL);
  assert_create_refused (service, clip);

  scd_test_session_close (a, &error);
  g_assert_no_error (error);
  c = scd_test_session_create_file (service, clip->path, NULL);
  assert_create_refused (service, clip);

  scd_test_session_start (b, &error);
  g_assert_no_error (error);
  g_assert_true (scd_test_session_wait_state (b, "stopped", scd_test_timeout_ms (60000)));
  d = scd_test_session_create_file (service, clip->path, NULL);
  assert_create_refused (service, clip);

  /* The sessions let in work as usual. */
  scd_test_session_start (c, &error);
  g_assert_no_error (error);
  g_assert_true (scd_test_session_wait_state (c, "stopped", scd_test_timeout_ms (60000)));
  g_assert_cmpuint (c->frames->len, ==, clip->cut_frames->len + 1);
  scd_test_service_assert_alive (service);
}

/* A video wider than 8192 pixels: the session fails and says why; the
 * service goes on. */
static void
test_frame_size (void)
{
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *error_text = NULL;

  if (!scd_test_media_require_ffmpeg ())
    return;
  path = g_build_filename (scd_test_media_dir (), "wide.mkv", NULL);
  {
    const char *argv[] = { "ffmpeg", "-nostdin", "-loglevel",
                           "error",  "-y",       "-f",
                           "lavfi",  "-i",       "color=c=gray:s=8200x64:r=5:d=1",
                           "-c:v",   "mjpeg",    path,
                           NULL };

    g_assert_true (scd_test_media_run (argv, NULL, NULL, &error));
    g_assert_no_error (error);
  }

  service = scd_test_service_start ();
  session = scd_test_session_create (service, g_variant_new_parsed ("{'source': <%s>}", path),
                                     &error);
  g_assert_no_error (error);
  scd_test_session_start (session, &error);
  g_assert_no_error (error);
  g_assert_true (scd_test_session_wait_state (session, "failed", scd_test_timeout_ms (30000)));
  error_text = scd_test_session_get_string (session, "Error");
  g_test_message ("Error: %s", error_text);
  g_assert_nonnull (strstr (error_text, "8200×64"));
  g_assert_nonnull (strstr (error_text, "8192×8192"));
  g_assert_cmpuint (session->frames->len, ==, 0);
  scd_test_service_assert_alive (service);
}

/* A frame written every 0.1 s (the shortest MaxFrameInterval) of a file
 * read at full speed: far more than ten a second. NewFrames goes out at most ten times a second
 * (and once more for what is left at the end), every frame in it once, in order, before "stopped".
 */
static void
test_signal_rate (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  gint64 started;
  double seconds;
  guint most;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  started = g_get_monotonic_time ();
  session = scd_test_session_run_file (service, clip->path,
                                       g_variant_new_parsed ("{'max-frame-interval': <0.1>}"));
  seconds = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  most = (guint) (seconds * 10.0) + 2;
  g_test_message ("%u frames in %u NewFrames signals in %.2f s (at most %u allowed)",
                  session->frames->len, session->n_new_frames_signals, seconds, most);

  /* A frame at the first frame 0.1 s or more after the last. */
  g_assert_cmpuint (session->frames->len, >=,
                    (guint) (clip->duration / (0.1 + clip->duration / clip->n_frames)) - 2);
  for (guint i = 0; i < session->frames->len; i++)
    {
      guint32 index = G_MAXUINT32;

      g_assert_true (
          g_variant_lookup (g_ptr_array_index (session->frames, i), "index", "u", &index));
      g_assert_cmpuint (index, ==, i);
    }
  g_assert_cmpuint (session->n_new_frames_signals, <=, most);
  g_assert_cmpuint (scd_test_session_get_uint (session, SCD_TEST_IFACE_DETECTOR, "FrameCount"), ==,
                    session->frames->len);
}

int
main (int argc, char **argv)
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/limits/sessions", test_sessions);
  g_test_add_func ("/limits/frame-size", test_frame_size);
  g_test_add_func ("/limits/signal-rate", test_signal_rate);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
