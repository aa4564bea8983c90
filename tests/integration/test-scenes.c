/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Scene detection on generated clips with known cuts, over D-Bus, with the
 * default detector settings: every cut and nothing else (no flash, no
 * scroll), each frame a JPEG
 * of the source's size, and the index, ListFrames, FrameCount and the
 * NewFrames signals all the same entries.
 */
#include "config.h"

#include <math.h>

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-service.h"

#define CUT_TOLERANCE_FRAMES 2.0

/* One "first" frame at 0, then one "scene" frame within ±2 frames of each
 * cut, and no other frame. */
static void
assert_frames_at_cuts (GPtrArray *frames, const ScdTestClip *clip)
{
  g_autofree char *seen = scd_test_describe_frames (frames);
  double fps = (double) clip->fps_num / clip->fps_den;

  g_test_message ("frames: %s", seen);
  if (frames->len != 1 + clip->cut_frames->len)
    g_error ("expected %u frames (first + %u cuts), got %u: %s", 1 + clip->cut_frames->len,
             clip->cut_frames->len, frames->len, seen);

  g_assert_cmpstr (scd_test_frame_reason (g_ptr_array_index (frames, 0)), ==, "first");
  g_assert_cmpfloat (fabs (scd_test_frame_timestamp (g_ptr_array_index (frames, 0))), <, 0.5 / fps);
  for (guint i = 0; i < clip->cut_frames->len; i++)
    {
      GVariant *frame = g_ptr_array_index (frames, i + 1);
      guint cut = g_array_index (clip->cut_frames, guint, i);
      double at = scd_test_frame_timestamp (frame) * fps;

      g_assert_cmpstr (scd_test_frame_reason (frame), ==, "scene");
      if (fabs (at - cut) > CUT_TOLERANCE_FRAMES)
        g_error ("cut %u is at frame %u, the service put it at frame %.2f: %s", i + 1, cut, at,
                 seen);
    }
}

/* Runs a file session on @clip and checks that it found its cuts and
 * nothing else; NULL (the test skipped) without ffmpeg. */
static ScdTestSession *
run_at_cuts (ScdTestService **service, const ScdTestClip *clip)
{
  ScdTestSession *session;

  if (clip == NULL)
    return NULL;
  *service = scd_test_service_start ();
  session = scd_test_session_run_file (*service, clip->path, NULL);
  assert_frames_at_cuts (session->frames, clip);
  return session;
}

static void
test_generated_cuts (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = run_at_cuts (&service, clip);

  if (session == NULL)
    return;
  scd_test_check_frames (session, clip->width, clip->height);
  g_assert_cmpuint (session->n_new_frames_signals, >=, 1);
}

/* Flashes, a wheel step in a window: none is a cut; a slide change on
 * the same template is. */
static void
test_hard_negatives (void)
{
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = run_at_cuts (&service, scd_test_media_nuisance_clip ());
}

/* A camera beside the slides switches shots mid-slide. Without regions
 * those switches are cuts (so the clip shows whether regions are
 * applied); with the camera and the clock excluded, or the slides alone
 * watched, only the slide changes are, and the frames written are whole. */
static void
test_regions (void)
{
  const ScdTestClip *clip = scd_test_media_presenter_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) unfenced = NULL;
  g_autoptr (ScdTestSession) excluded = NULL;
  g_autoptr (ScdTestSession) watched = NULL;
  g_autoptr (GVariant) exclude = NULL;
  g_autoptr (GVariant) watch = NULL;
  g_autoptr (GVariant)
      watch_given = g_variant_ref_sink (g_variant_new_parsed ("(0.0, 40.0, 384.0, 320.0)"));
  g_autofree char *seen = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();

  unfenced = scd_test_session_run_file (service, clip->path, NULL);
  seen = scd_test_describe_frames (unfenced->frames);
  g_test_message ("no regions: %s", seen);
  if (unfenced->frames->len < 1 + clip->cut_frames->len + 3)
    g_error ("the camera's three switches should be cuts without regions: %s", seen);

  /* Fractions for the camera, source pixels for the clock. */
  excluded = scd_test_session_run_file (
      service, clip->path,
      g_variant_new_parsed (
          "{'exclude-regions': <[(0.6, 0.0, 0.4, 1.0), (300.0, 6.0, 71.0, 29.0)]>}"));
  assert_frames_at_cuts (excluded->frames, clip);
  scd_test_check_frames (excluded, clip->width, clip->height);
  exclude = scd_test_session_get (excluded, SCD_TEST_IFACE_DETECTOR, "ExcludeRegions");
  g_assert_cmpuint (g_variant_n_children (exclude), ==, 2);

  watched = scd_test_session_run_file (
      service, clip->path, g_variant_new_parsed ("{'watch-region': <%@(dddd)>}", watch_given));
  assert_frames_at_cuts (watched->frames, clip);
  scd_test_check_frames (watched, clip->width, clip->height);
  watch = scd_test_session_get (watched, SCD_TEST_IFACE_DETECTOR, "WatchRegion");
  g_assert_true (g_variant_equal (watch, watch_given));
}

static const char *
lookup_string (GVariant *frame, const char *key)
{
  const char *value = NULL;

  g_variant_lookup (frame, key, "&s", &value);
  return value;
}

/* A talk that goes back to slide B, then to A with the pointer moved:
 * their frames are still written, with "duplicate-of" naming B's and A's
 * first frames; the others have none. The signature stays in index.json,
 * out of the entries announced and listed. */
static void
test_duplicates (void)
{
  const ScdTestClip *clip = scd_test_media_deck_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GVariant) listed = NULL;
  g_autoptr (JsonNode) index = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *path = NULL;
  JsonArray *entries;
  GPtrArray *frames;

  session = run_at_cuts (&service, clip);
  if (session == NULL)
    return;
  scd_test_check_frames (session, clip->width, clip->height);
  frames = session->frames;
  for (guint i = 0; i < 3; i++)
    g_assert_null (lookup_string (g_ptr_array_index (frames, i), "duplicate-of"));
  g_assert_cmpstr (lookup_string (g_ptr_array_index (frames, 3), "duplicate-of"), ==, "F0002");
  g_assert_cmpstr (lookup_string (g_ptr_array_index (frames, 4), "duplicate-of"), ==, "F0001");

  listed = scd_test_session_list_frames (session);
  for (guint i = 0; i < frames->len; i++)
    {
      g_autoptr (GVariant) entry = g_variant_get_child_value (listed, i);
      g_autoptr (GVariant) signature = g_variant_lookup_value (entry, "signature", NULL);

      g_assert_null (signature);
      g_assert_null (g_variant_lookup_value (g_ptr_array_index (frames, i), "signature", NULL));
      g_assert_cmpstr (lookup_string (entry, "duplicate-of"), ==,
                       lookup_string (g_ptr_array_index (frames, i), "duplicate-of"));
    }

  directory = scd_test_session_get_directory (session);
  path = g_build_filename (directory, "frames", "index.json", NULL);
  index = scd_test_load_json (path);
  entries = json_node_get_array (index);
  g_assert_cmpuint (json_array_get_length (entries), ==, frames->len);
  for (guint i = 0; i < frames->len; i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      g_assert_true (
          g_str_has_prefix (json_object_get_string_member (entry, "signature"), "64x36:"));
    }
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (entries, 3), "duplicate-of"),
      ==, "F0002");
}

/* Slide C builds up in three steps and stays still: its finished state is
 * written with reason "settled", linked to C's first frame, and is the
 * source's last picture of C (its first state is not); A and B, which do
 * not change, have none; B shown again is a duplicate. settle-seconds 0
 * turns it off. */
static void
test_settled (void)
{
  const ScdTestClip *clip = scd_test_media_buildup_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScdTestSession) off = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *seen = NULL;
  static const char *const reasons[] = { "first", "scene", "scene", "settled", "scene" };
  GVariant *settled;
  double at, finished = -1.0, first_state = -1.0;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, clip->path, NULL);
  seen = scd_test_describe_frames (session->frames);
  g_test_message ("frames: %s", seen);
  if (session->frames->len != G_N_ELEMENTS (reasons))
    g_error ("expected first, 2 scenes, settled, scene; got %s", seen);
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    g_assert_cmpstr (scd_test_frame_reason (g_ptr_array_index (session->frames, i)), ==,
                     reasons[i]);
  scd_test_check_frames (session, clip->width, clip->height);
  settled = g_ptr_array_index (session->frames, 3);
  g_assert_cmpstr (lookup_string (settled, "settles"), ==, "F0003");
  g_assert_null (lookup_string (g_ptr_array_index (session->frames, 2), "settles"));
  g_assert_cmpstr (lookup_string (g_ptr_array_index (session->frames, 4), "duplicate-of"), ==,
                   "F0002");
  /* Still from C's frame 20 (6 s): settled 2 s later, before B returns. */
  at = scd_test_frame_timestamp (settled);
  g_assert_cmpfloat (at, >=, 8.0 - 0.05);
  g_assert_cmpfloat (at, <, 10.0);

  scd_test_media_mean_difference (lookup_string (settled, "path"), clip->path, 99, &finished,
                                  &error);
  g_assert_no_error (error);
  scd_test_media_mean_difference (lookup_string (settled, "path"), clip->path, 45, &first_state,
                                  &error);
  g_assert_no_error (error);
  g_test_message ("settled frame against C's last picture: %.2f, against its first: %.2f", finished,
                  first_state);
  g_assert_cmpfloat (finished, <, 2.0);
  g_assert_cmpfloat (first_state, >, 2.0);

  off = scd_test_session_run_file (service, clip->path,
                                   g_variant_new_parsed ("{'settle-seconds': <0.0>}"));
  g_assert_cmpuint (off->frames->len, ==, 4);
}

/* What a finished file session reports about itself. */
static void
test_session_properties (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GVariant) decoded = NULL;
  g_autoptr (GVariant) progress = NULL;
  g_autoptr (GVariant) position = NULL;
  g_autoptr (GVariant) live = NULL;
  g_autofree char *decoder = NULL;
  g_autofree char *error_text = NULL;
  g_autofree char *source = NULL;
  g_autofree char *name = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, clip->path, NULL);

  decoded = scd_test_session_get (session, SCD_TEST_IFACE_SESSION, "FramesDecoded");
  g_assert_cmpuint (g_variant_get_uint64 (decoded), ==, clip->n_frames);
  progress = scd_test_session_get (session, SCD_TEST_IFACE_SESSION, "Progress");
  g_assert_cmpfloat_with_epsilon (g_variant_get_double (progress), 1.0, 0.01);
  position = scd_test_session_get (session, SCD_TEST_IFACE_SESSION, "Position");
  g_assert_cmpfloat_with_epsilon (g_variant_get_double (position), clip->duration, 0.2);
  live = scd_test_session_get (session, SCD_TEST_IFACE_SESSION, "Live");
  g_assert_false (g_variant_get_boolean (live));
  decoder = scd_test_session_get_string (session, "VideoDecoder");
  g_assert_true (g_str_has_suffix (decoder, " (software)")
                 || g_str_has_suffix (decoder, " (cuda)"));
  error_text = scd_test_session_get_string (session, "Error");
  g_assert_cmpstr (error_text, ==, "");
  source = scd_test_session_get_string (session, "Source");
  g_assert_cmpstr (source, ==, clip->path);
  name = scd_test_session_get_string (session, "Name");
  g_assert_cmpstr (name, ==, "cuts.mp4");

  /* Seen on the way: created, then (starting/running...) and stopped. */
  g_assert_cmpstr (g_ptr_array_index (session->states, 0), ==, "created");
  g_assert_cmpstr (session->state, ==, "stopped");
}

/* A video without audio: the same frames, no chunks, no error. */
static void
test_video_only (void)
{
  const ScdTestClip *clip = scd_test_media_video_only_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autofree char *error_text = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, clip->path, NULL);

  error_text = scd_test_session_get_string (session, "Error");
  g_assert_cmpstr (error_text, ==, "");
  assert_frames_at_cuts (session->frames, clip);
  scd_test_check_frames (session, clip->width, clip->height);
  g_assert_cmpuint (session->chunks->len, ==, 0);
  g_assert_cmpuint (scd_test_check_chunks (session, 16000, 1), ==, 0);
}

/* session.json names the session; directories 0700, files 0600. */
static void
test_session_files (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *sessions_dir = NULL;
  g_autofree char *parent = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, clip->path, NULL);
  dir = scd_test_session_get_directory (session);

  sessions_dir = g_build_filename (service->data_dir, "sessions", NULL);
  parent = g_path_get_dirname (dir);
  g_assert_cmpstr (parent, ==, sessions_dir);
  scd_test_check_manifest (session, "stopped");
  g_assert_cmpuint (session->frames->len, >, 0);
  g_assert_cmpuint (session->chunks->len, >, 0);
  scd_test_assert_private_tree (sessions_dir);
}

int
main (int argc, char **argv)
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/scenes/generated-cuts", test_generated_cuts);
  g_test_add_func ("/scenes/hard-negatives", test_hard_negatives);
  g_test_add_func ("/scenes/session-properties", test_session_properties);
  g_test_add_func ("/scenes/regions", test_regions);
  g_test_add_func ("/scenes/duplicates", test_duplicates);
  g_test_add_func ("/scenes/settled", test_settled);
  g_test_add_func ("/scenes/video-only", test_video_only);
  g_test_add_func ("/scenes/session-files", test_session_files);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
