/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The regions a user fences off (scd-regions.c) and what the detector
 * sees of a frame with them (scd-scene-view.c): rectangles in fractions
 * or pixels, an excluded one filled with the colour around it, the watch
 * region cropped to, and nothing copied when none is set.
 */
#include <string.h>

#include "scd-libav.h"
#include "scd-scene-view.h"

/* A 64x48 YUV 4:2:0 frame: luma 200 with a 16x16 block of luma 30 at
 * (40, 8), chroma 100 and 150. */
static AVFrame *
make_frame (void)
{
  AVFrame *frame = av_frame_alloc ();

  frame->format = AV_PIX_FMT_YUV420P;
  frame->width = 64;
  frame->height = 48;
  g_assert_cmpint (av_frame_get_buffer (frame, 0), ==, 0);
  for (int y = 0; y < 48; y++)
    for (int x = 0; x < 64; x++)
      frame->data[0][y * frame->linesize[0] + x] = x >= 40 && x < 56 && y >= 8 && y < 24 ? 30 : 200;
  for (int y = 0; y < 24; y++)
    {
      memset (frame->data[1] + y * frame->linesize[1], 100, 32);
      memset (frame->data[2] + y * frame->linesize[2], 150, 32);
    }
  return frame;
}

static ScdRegions
regions_from (const char *exclude, const char *watch)
{
  ScdRegions regions = { 0 };
  g_autoptr (GError) error = NULL;

  if (exclude != NULL)
    {
      g_autoptr (GVariant)
          value = g_variant_parse (G_VARIANT_TYPE (SCD_REGIONS_TYPE), exclude, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_true (scd_regions_set_exclude (&regions, value, &error));
    }
  if (watch != NULL)
    {
      g_autoptr (GVariant)
          value = g_variant_parse (G_VARIANT_TYPE (SCD_REGION_TYPE), watch, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_true (scd_regions_set_watch (&regions, value, &error));
    }
  return regions;
}

static void
test_rect_units (void)
{
  const ScdRect fraction = { 0.5, 0.25, 0.5, 0.5 };
  const ScdRect pixels = { 10, 20, 30, 400 };
  const ScdRect outside = { 100, 100, 10, 10 };
  int x, y, w, h;

  g_assert_true (scd_rect_to_pixels (&fraction, 640, 360, &x, &y, &w, &h));
  g_assert_cmpint (x, ==, 320);
  g_assert_cmpint (y, ==, 90);
  g_assert_cmpint (w, ==, 320);
  g_assert_cmpint (h, ==, 180);
  /* Pixels, clipped to the picture. */
  g_assert_true (scd_rect_to_pixels (&pixels, 640, 360, &x, &y, &w, &h));
  g_assert_cmpint (x, ==, 10);
  g_assert_cmpint (w, ==, 30);
  g_assert_cmpint (h, ==, 340);
  g_assert_false (scd_rect_to_pixels (&outside, 64, 48, &x, &y, &w, &h));
}

static void
test_no_region_is_a_reference (void)
{
  g_autoptr (ScdSceneImager) imager = scd_scene_imager_new ();
  g_autoptr (AVFrame) frame = make_frame ();
  ScdRegions none = { 0 };
  g_autoptr (AVFrame) view = scd_scene_view_make (imager, frame, &none);

  g_assert_nonnull (view);
  g_assert_true (view->data[0] == frame->data[0]);
}

/* The block, excluded, takes the luma around it (200) and the chroma; the
 * frame itself is untouched. */
static void
test_excluded_filled (void)
{
  g_autoptr (ScdSceneImager) imager = scd_scene_imager_new ();
  g_autoptr (AVFrame) frame = make_frame ();
  ScdRegions regions = regions_from ("[(40, 8, 16, 16)]", NULL);
  g_autoptr (AVFrame) view = scd_scene_view_make (imager, frame, &regions);

  g_assert_nonnull (view);
  g_assert_cmpint (view->width, ==, 64);
  g_assert_cmpint (view->height, ==, 48);
  for (int y = 0; y < 48; y++)
    for (int x = 0; x < 64; x++)
      g_assert_cmpuint (view->data[0][y * view->linesize[0] + x], ==, 200);
  g_assert_cmpuint (view->data[1][8 * view->linesize[1] + 24], ==, 100);
  g_assert_cmpuint (view->data[2][8 * view->linesize[2] + 24], ==, 150);
  g_assert_cmpuint (frame->data[0][10 * frame->linesize[0] + 45], ==, 30);
}

/* The watch region in fractions: the right half, the block at (8, 8) of
 * it. */
static void
test_watch_cropped (void)
{
  g_autoptr (ScdSceneImager) imager = scd_scene_imager_new ();
  g_autoptr (AVFrame) frame = make_frame ();
  ScdRegions regions = regions_from (NULL, "(0.5, 0.0, 0.5, 1.0)");
  g_autoptr (AVFrame) view = scd_scene_view_make (imager, frame, &regions);

  g_assert_nonnull (view);
  g_assert_cmpint (view->width, ==, 32);
  g_assert_cmpint (view->height, ==, 48);
  g_assert_cmpuint (view->data[0][10 * view->linesize[0] + 8], ==, 30);
  g_assert_cmpuint (view->data[0][10 * view->linesize[0] + 7], ==, 200);
}

/* An excluded region is given on the source picture, also with a watch
 * region: the block is filled in the cropped view. */
static void
test_excluded_within_watch (void)
{
  g_autoptr (ScdSceneImager) imager = scd_scene_imager_new ();
  g_autoptr (AVFrame) frame = make_frame ();
  ScdRegions regions = regions_from ("[(0.625, 0.0, 0.25, 0.5)]", "(32, 0, 32, 48)");
  g_autoptr (AVFrame) view = scd_scene_view_make (imager, frame, &regions);

  g_assert_nonnull (view);
  g_assert_cmpint (view->width, ==, 32);
  g_assert_cmpuint (view->data[0][10 * view->linesize[0] + 8], ==, 200);
}

/* Values that are no rectangle are refused, and leave what was set. */
static void
test_bad_values (void)
{
  ScdRegions regions = regions_from ("[(0.1, 0.1, 0.2, 0.2)]", NULL);
  g_autoptr (GVariant)
      negative = g_variant_ref_sink (g_variant_new_parsed ("[(0.1, 0.1, -0.2, 0.2)]"));
  g_autoptr (GVariant) empty = g_variant_ref_sink (g_variant_new_parsed ("(0.1, 0.1, 0.0, 0.2)"));
  g_autoptr (GVariant) none = g_variant_ref_sink (g_variant_new_parsed ("(0.0, 0.0, 0.0, 0.0)"));
  g_autoptr (GError) error = NULL;

  g_assert_false (scd_regions_set_exclude (&regions, negative, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (regions.n_exclude, ==, 1);
  g_assert_false (scd_regions_set_watch (&regions, empty, &error));
  g_clear_error (&error);
  g_assert_false (regions.watch_set);
  g_assert_true (scd_regions_set_watch (&regions, none, &error));
  g_assert_false (regions.watch_set);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scene-view/rect-units", test_rect_units);
  g_test_add_func ("/scene-view/no-region-is-a-reference", test_no_region_is_a_reference);
  g_test_add_func ("/scene-view/excluded-filled", test_excluded_filled);
  g_test_add_func ("/scene-view/watch-cropped", test_watch_cropped);
  g_test_add_func ("/scene-view/excluded-within-watch", test_excluded_within_watch);
  g_test_add_func ("/scene-view/bad-values", test_bad_values);
  return g_test_run ();
}
