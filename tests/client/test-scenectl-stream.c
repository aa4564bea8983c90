/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scenectl stream against the real service on a private bus: YUV4MPEG2
 * with its header and FRAME markers, raw frames whose size follows the
 * picture's aspect ratio, --count, and usage errors.
 */
#include "config.h"

#include <string.h>

#include "scd-test-media.h"
#include "scd-test-service.h"
#include "scenectl-test-run.h"

#define SESSION_PREFIX SCD_TEST_MANAGER_PATH "/session/"

static void
test_stream (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScenectlTestProc) y4m = NULL;
  g_autoptr (ScenectlTestProc) raw = NULL;
  g_autoptr (ScenectlTestProc) wrong = NULL;
  g_autoptr (GError) error = NULL;
  const char *id;
  const char *header = "YUV4MPEG2 W64 H48 F10:1 Ip A1:1 C420jpeg\n";
  const gsize y4m_frame = 6 + 64 * 48 * 3 / 2;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_create_file (
      service, clip->path, g_variant_new_parsed ("{'realtime': <true>, 'shared': <true>}"));
  id = session->path + strlen (SESSION_PREFIX);

  /* Started before the session: both wait for it. The raw one gives only
   * a width, so it waits for a picture to take the height from. */
  y4m = scenectl_test_spawn (NULL, NULL,
                             (const char *const[]){ "stream", id, "--width", "64", "--height", "48",
                                                    "--fps", "10", "--y4m", "--count", "5", NULL });
  raw = scenectl_test_spawn (
      NULL, NULL, (const char *const[]){ "stream", id, "-W", "80", "-p", "gray", "-n", "3", NULL });
  scd_test_session_start (session, &error);
  g_assert_no_error (error);

  g_assert_true (scenectl_test_wait_exit (y4m, SCENECTL_TEST_TIMEOUT_MS));
  scenectl_test_assert_status (y4m, 0);
  g_assert_cmpuint (y4m->out->len, ==, strlen (header) + 5 * y4m_frame);
  g_assert_true (memcmp (y4m->out->str, header, strlen (header)) == 0);
  for (guint i = 0; i < 5; i++)
    g_assert_true (memcmp (y4m->out->str + strlen (header) + i * y4m_frame, "FRAME\n", 6) == 0);
  scenectl_test_assert_err_contains (y4m, "64x48 yuv420p at 10 frames a second");

  g_assert_true (scenectl_test_wait_exit (raw, SCENECTL_TEST_TIMEOUT_MS));
  scenectl_test_assert_status (raw, 0);
  /* 320x240 is 4:3: 80 wide is 60 high. */
  scenectl_test_assert_err_contains (raw, "80x60 gray");
  g_assert_cmpuint (raw->out->len, ==, 3 * 80 * 60);

  /* --y4m is yuv420p. */
  wrong = scenectl_test_run (NULL, "stream", id, "--y4m", "--pixel-format", "rgb24", NULL);
  scenectl_test_assert_status (wrong, 2);
  scd_test_service_assert_alive (service);
}

/* A stream on a session that has stopped: the service's error, status 1. */
static void
test_stream_stopped (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScenectlTestProc) proc = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, clip->path,
                                       g_variant_new_parsed ("{'shared': <true>}"));
  proc = scenectl_test_run (NULL, "stream", session->path + strlen (SESSION_PREFIX), "-W", "64",
                            "-H", "48", NULL);
  scenectl_test_assert_status (proc, 1);
  scenectl_test_assert_err_contains (proc, "a session that has not stopped can stream");
}

int
main (int argc, char **argv)
{
  int status;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/scenectl/stream/frames", test_stream);
  g_test_add_func ("/scenectl/stream/stopped", test_stream_stopped);
  status = g_test_run ();
  scd_test_media_cleanup ();
  return status;
}
