/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The detector (scd-scene-detector.c) on grey frames made here, at the
 * start of a stream: with no frames before them, the first frames cannot
 * be told to stand out, so a pattern that starts moving must not start a
 * scene within MinSceneLength of the first frame; a recorder's blank
 * first frame is no picture, and the first picture after it is a scene.
 */
#include <string.h>

#include "scd-libav.h"
#include "scd-scene-detector.h"

#define W 320
#define H 180
#define FPS 30.0

static guint32
hash (guint32 a, guint32 b, guint32 c)
{
  guint32 h = a * 73856093u ^ b * 19349663u ^ c * 83492791u;

  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  return h;
}

/* Cells of 10 pixels, dark or light, a tenth of them turning over at
 * each @generation: a busy pattern that moves every frame once it moves
 * at all, like the game of life or leaves in the wind. */
static AVFrame *
cells (guint generation)
{
  AVFrame *frame = av_frame_alloc ();

  frame->format = AV_PIX_FMT_GRAY8;
  frame->width = W;
  frame->height = H;
  g_assert_cmpint (av_frame_get_buffer (frame, 0), ==, 0);
  for (int cy = 0; cy < H / 10; cy++)
    for (int cx = 0; cx < W / 10; cx++)
      {
        gboolean light = hash (cx, cy, 0) % 2;

        for (guint g = 1; g <= generation; g++)
          light ^= hash (cx, cy, g) % 10 == 0;
        for (int y = cy * 10; y < cy * 10 + 10; y++)
          memset (frame->data[0] + (gsize) y * frame->linesize[0] + cx * 10, light ? 200 : 40, 10);
      }
  return frame;
}

static AVFrame *
blank (void)
{
  AVFrame *frame = cells (0);

  for (int y = 0; y < H; y++)
    memset (frame->data[0] + (gsize) y * frame->linesize[0], 128, W);
  return frame;
}

static void
count_scenes (const AVFrame *frame,
              double timestamp,
              double score,
              ScdFrameReason reason,
              gpointer user_data)
{
  if (reason == SCD_FRAME_REASON_SCENE)
    g_array_append_val ((GArray *) user_data, timestamp);
}

/* The generation of the cells at frame @i: 0 until @first_step, 4 for
 * three frames, then one more each frame. */
static guint
generation (guint i, guint first_step)
{
  if (i < first_step)
    return 0;
  if (i < first_step + 3)
    return 4;
  return 4 + i - first_step - 2;
}

/* The scenes found in two seconds of cells, still until @first_step,
 * where four generations go at once (a clip's first frames repeated, as
 * an encoder or a slower source makes them), still for two frames, then
 * moving a generation every frame; after a blank first frame when
 * @blank_first. */
static GArray *
scenes (guint first_step, gboolean blank_first)
{
  ScdSceneParams params = { .threshold = 4.0, .min_scene_length = 0.25 };
  GArray *found = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (ScdSceneDetector) detector = scd_scene_detector_new (count_scenes, found);

  for (guint i = 0; i < 60; i++)
    {
      g_autoptr (AVFrame) frame = i == 0 && blank_first ? blank ()
                                                        : cells (generation (i, first_step));

      scd_scene_detector_push (detector, frame, i / FPS, &params);
    }
  scd_scene_detector_finish (detector);
  return found;
}

static void
test_first_step_is_no_scene (void)
{
  g_autoptr (GArray) found = scenes (3, FALSE);

  /* Its first change, at frame 3, has no frames before it that moved:
   * it is the pattern starting to move, not a new picture. */
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_blank_first_frame (void)
{
  g_autoptr (GArray) found = scenes (3, TRUE);

  /* The picture after the blank is the first scene; the steps after it
   * are the picture moving. */
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (found, double, 0), 1 / FPS, 1e-6);
}

/* A still picture watched in its left half for the first second, then
 * in its right half: the other half coming into view is no scene (the
 * detector compares afresh), and a new picture after it still is. */
static void
test_regions_changed (void)
{
  ScdSceneParams params = { .threshold = 4.0, .min_scene_length = 0.25 };
  g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (ScdSceneDetector) detector = scd_scene_detector_new (count_scenes, found);
  g_autoptr (GVariant) left = g_variant_ref_sink (g_variant_new_parsed ("(0.0, 0.0, 0.5, 1.0)"));
  g_autoptr (GVariant) right = g_variant_ref_sink (g_variant_new_parsed ("(0.5, 0.0, 0.5, 1.0)"));
  ScdRegions left_half = { 0 }, right_half = { 0 };

  g_assert_true (scd_regions_set_watch (&left_half, left, NULL));
  g_assert_true (scd_regions_set_watch (&right_half, right, NULL));
  for (guint i = 0; i < 60; i++)
    {
      g_autoptr (AVFrame) frame = cells (i < 45 ? 0 : 100);

      params.regions = i < 30 ? left_half : right_half;
      scd_scene_detector_push (detector, frame, i / FPS, &params);
    }
  scd_scene_detector_finish (detector);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (found, double, 0), 45 / FPS, 1e-6);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scene-detector/first-step", test_first_step_is_no_scene);
  g_test_add_func ("/scene-detector/blank-first-frame", test_blank_first_frame);
  g_test_add_func ("/scene-detector/regions-changed", test_regions_changed);
  return g_test_run ();
}
