/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Real encoded clips with the default detector settings: PySceneDetect's
 * test resources, and four of the labelled real recordings (their truth is
 * ../shared/media/real/truth.json). They are not in the repository: they
 * are looked for in ../shared/media next to the source tree, and the tests
 * skip without them. bench/scene-accuracy --real scores all of them.
 */
#include "config.h"

#include <math.h>

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-service.h"

/* @name: the clip's path under ../shared/media. */
static char *
real_clip (const char *name)
{
  const char *root = g_getenv ("SCENED_SOURCE_ROOT");
  g_autofree char *media = NULL;
  char *path;

  if (root == NULL)
    {
      g_test_skip ("SCENED_SOURCE_ROOT is not set (run the tests with meson test)");
      return NULL;
    }
  media = g_build_filename (root, "..", "shared", "media", NULL);
  if (!g_file_test (media, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *msg = g_strdup_printf ("no real clips: %s does not exist (they are not part "
                                              "of the repository)",
                                              media);

      g_test_skip (msg);
      return NULL;
    }
  path = g_build_filename (media, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_error ("%s exists but %s does not", media, path);
  /* The service wants an absolute path without "..". */
  {
    g_autoptr (GFile) file = g_file_new_for_path (path);

    g_free (path);
    path = g_file_get_path (file);
  }
  return path;
}

/* A finished session on a real clip, on a service of its own; NULL (and
 * the test skipped) without the clips or ffmpeg. */
static ScdTestSession *
run_real_clip (const char *name, ScdTestService **service)
{
  g_autofree char *path = real_clip (name);

  if (path == NULL || !scd_test_media_require_ffmpeg ())
    return NULL;
  *service = scd_test_service_start ();
  return scd_test_session_run_file (*service, path, NULL);
}

static gboolean
near_one_of (double ts, const double *times, guint n, double tolerance, guint *which)
{
  for (guint i = 0; i < n; i++)
    if (fabs (ts - times[i]) <= tolerance)
      {
        *which = i;
        return TRUE;
      }
  return FALSE;
}

/* "first" at 0, then a "scene" frame within the tolerance of each cut, and
 * nothing else but, at most, one frame at each of @extras (transitions
 * the clip's reference detectors disagree on); the frames and their scores
 * are always printed. */
static void
assert_cuts (GPtrArray *frames,
             const double *cuts,
             guint n_cuts,
             const double *extras,
             guint n_extras,
             double tolerance)
{
  g_autofree char *seen = scd_test_describe_frames (frames);
  g_autofree gboolean *found = g_new0 (gboolean, n_cuts + 1);
  g_autofree gboolean *extra_seen = g_new0 (gboolean, n_extras + 1);

  g_test_message ("frames: %s", seen);
  g_assert_cmpuint (frames->len, >, 0);
  g_assert_cmpstr (scd_test_frame_reason (g_ptr_array_index (frames, 0)), ==, "first");
  g_assert_cmpfloat (fabs (scd_test_frame_timestamp (g_ptr_array_index (frames, 0))), <, 0.001);
  for (guint i = 1; i < frames->len; i++)
    {
      GVariant *frame = g_ptr_array_index (frames, i);
      double ts = scd_test_frame_timestamp (frame);
      guint which;

      /* A slide's finished state is no cut. */
      if (g_str_equal (scd_test_frame_reason (frame), "settled"))
        continue;
      g_assert_cmpstr (scd_test_frame_reason (frame), ==, "scene");
      if (near_one_of (ts, cuts, n_cuts, tolerance, &which) && !found[which])
        found[which] = TRUE;
      else if (near_one_of (ts, extras, n_extras, tolerance, &which) && !extra_seen[which])
        extra_seen[which] = TRUE;
      else
        g_error ("unexpected scene frame at %.3f s: %s", ts, seen);
    }
  for (guint i = 0; i < n_cuts; i++)
    if (!found[i])
      g_error ("the cut at %.3f s was not found: %s", cuts[i], seen);
}

/* Real footage with hard cuts at frames 30, 180 and 394 (30000/1001 fps).
 * The detector may also report, once each and nothing else: frame 211
 * (7.040 s), where a new shot fades in from black; frame 558 (18.619 s),
 * the end of a dissolve from 17.65 s (PySceneDetect misses it); frame 693
 * (23.123 s), the end of a quick change to the last shot, which
 * PySceneDetect's AdaptiveDetector reports at its middle (frame 691). */
static void
test_testvideo (void)
{
  static const double cuts[] = { 1.001, 6.006, 13.147 };
  static const double gradual[] = { 7.040, 18.619, 23.123 };
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = run_real_clip ("pyscenedetect/testvideo.mp4", &service);

  if (session == NULL)
    return;
  assert_cuts (session->frames, cuts, G_N_ELEMENTS (cuts), gradual, G_N_ELEMENTS (gradual),
               2 * 1001.0 / 30000.0);
  scd_test_check_frames (session, 1280, 720);
}

/* 30 frames at 10 fps showing their own numbers, every frame decoded. The
 * whole background changes colour at 1.0 s and 2.0 s (grey, red, green):
 * for a screen that is a new slide, so each is a scene (PySceneDetect's
 * AdaptiveDetector and HistogramDetector report the second); the numbers
 * changing are not. */
static void
test_counter (void)
{
  static const double backgrounds[] = { 1.0, 2.0 };
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = run_real_clip ("pyscenedetect/counter.mp4", &service);
  g_autoptr (GVariant) decoded = NULL;

  if (session == NULL)
    return;
  assert_cuts (session->frames, backgrounds, G_N_ELEMENTS (backgrounds), NULL, 0, 0.001);
  scd_test_check_frames (session, 1920, 1080);
  decoded = scd_test_session_get (session, SCD_TEST_IFACE_SESSION, "FramesDecoded");
  g_assert_cmpuint (g_variant_get_uint64 (decoded), ==, 30);
}

/* Film at a variable frame rate: two cuts, at 3.754 s and 8.759 s, whatever
 * the detector. Two frames at its nominal 24000/1001 fps. */
static void
test_goldeneye_vfr (void)
{
  static const double cuts[] = { 3.754, 8.759 };
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession)
      session = run_real_clip ("pyscenedetect/goldeneye-vfr-drop3.mp4", &service);

  if (session == NULL)
    return;
  assert_cuts (session->frames, cuts, G_N_ELEMENTS (cuts), NULL, 0, 2 * 1001.0 / 24000.0);
  scd_test_check_frames (session, 1280, 544);
}

/* A finished session on the real clip @name, checked with assert_cuts()
 * against no cut and, at most once each, @extras. */
static void
check_no_cut (const char *name, const double *extras, guint n_extras, double tolerance)
{
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = run_real_clip (name, &service);

  if (session == NULL)
    return;
  assert_cuts (session->frames, NULL, 0, extras, n_extras, tolerance);
}

/* A real overhead camera over a car park, no cut: the camera's exposure
 * swings as white cars drive through, which looks like a fade to the
 * frames before it (real/truth.json: real_parking_overhead). */
static void
test_parking_overhead (void)
{
  check_no_cut ("real/clips/real_parking_overhead.mp4", NULL, 0, 0.0);
}

/* A real still camera on a table of bottles, no cut: hands reach in and
 * move them (real/truth.json: real_bottles_hands). A hand coming in over
 * a second looks like a transition from the frames before it, but the
 * picture it ends on still shows most of what it started from. */
static void
test_bottles_hands (void)
{
  check_no_cut ("real/clips/real_bottles_hands.mp4", NULL, 0, 0.0);
}

/* A real GIF screen recording at 10 fps, decoded as BGRA
 * (real/truth.json: screen_marp_vscode_export): a command palette, a
 * save sheet sliding in and out, a notification, then a PDF opening at
 * 10.7 s and scrolled from 13.3 s to 17.0 s. None of these but the PDF
 * opening is a scene: the scroll must be found as one in a GIF's frames
 * too. (The opening, animated, may be missed: it is not asserted.) */
static void
test_marp_export (void)
{
  static const double opening[] = { 10.7 };

  check_no_cut ("real/clips/screen_marp_vscode_export.gif", opening, G_N_ELEMENTS (opening), 0.2);
}

/* A real terminal recording of slides in Neovim at 25 fps
 * (real/truth.json: screen_presenting_nvim): 14 slide changes, within two
 * frames, and three launches drawn in several steps, each found once
 * anywhere from 0.5 s before to 0.5 s after it; typing and the cursor in
 * between are no scene. */
static void
test_nvim_slides (void)
{
  static const double cuts[] = { 9.44,  13.12, 16.68, 19.56, 22.48, 25.2, 28.16,
                                 31.08, 33.92, 39.68, 40.64, 48.64, 49.6, 54.2 };
  static const double launches[][2] = { { 5.68, 6.24 }, { 46.8, 47.12 }, { 52.32, 52.92 } };
  gboolean found[G_N_ELEMENTS (cuts)] = { FALSE }, launched[G_N_ELEMENTS (launches)] = { FALSE };
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession)
      session = run_real_clip ("real/clips/screen_presenting_nvim.gif", &service);
  g_autofree char *seen = NULL;

  if (session == NULL)
    return;
  seen = scd_test_describe_frames (session->frames);
  g_test_message ("frames: %s", seen);
  for (guint i = 1; i < session->frames->len; i++)
    {
      double ts = scd_test_frame_timestamp (g_ptr_array_index (session->frames, i));
      gboolean known = FALSE;
      guint which;

      if (g_str_equal (scd_test_frame_reason (g_ptr_array_index (session->frames, i)), "settled"))
        continue;

      if (near_one_of (ts, cuts, G_N_ELEMENTS (cuts), 2.0 / 25.0, &which) && !found[which])
        known = found[which] = TRUE;
      for (guint j = 0; j < G_N_ELEMENTS (launches) && !known; j++)
        if (ts >= launches[j][0] - 0.5 && ts <= launches[j][1] + 0.5)
          known = launched[j] = TRUE;
      if (!known)
        g_error ("unexpected scene frame at %.3f s: %s", ts, seen);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    if (!found[i])
      g_error ("the slide change at %.3f s was not found: %s", cuts[i], seen);
  for (guint j = 0; j < G_N_ELEMENTS (launches); j++)
    if (!launched[j])
      g_error ("the launch at %.2f-%.2f s was not found: %s", launches[j][0], launches[j][1], seen);
}

int
main (int argc, char **argv)
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/real-clips/testvideo", test_testvideo);
  g_test_add_func ("/real-clips/counter", test_counter);
  g_test_add_func ("/real-clips/goldeneye-vfr", test_goldeneye_vfr);
  g_test_add_func ("/real-clips/parking-overhead", test_parking_overhead);
  g_test_add_func ("/real-clips/nvim-slides", test_nvim_slides);
  g_test_add_func ("/real-clips/bottles-hands", test_bottles_hands);
  g_test_add_func ("/real-clips/marp-export", test_marp_export);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
