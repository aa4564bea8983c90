/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The scene score on hand-made small images.
 */
#include <string.h>

#include "scd-scene-score.h"

static ScdSceneImage *
flat (guint8 y, guint8 u, guint8 v)
{
  ScdSceneImage *image = scd_scene_image_new (64, 36);
  gsize luma = scd_scene_image_luma_size (image);
  gsize chroma = scd_scene_image_chroma_size (image);

  memset (image->data, y, luma);
  memset (image->data + luma, u, chroma);
  memset (image->data + luma + chroma, v, chroma);
  return image;
}

static void
test_identical (void)
{
  g_autoptr (ScdSceneImage) a = flat (100, 120, 130);
  g_autoptr (ScdSceneImage) b = flat (100, 120, 130);

  g_assert_cmpfloat (scd_scene_score (a, b), ==, 0.0);
}

static void
test_black_white (void)
{
  g_autoptr (ScdSceneImage) black = flat (16, 128, 128);
  g_autoptr (ScdSceneImage) white = flat (235, 128, 128);

  /* Lightness is three quarters of the score; the colour planes agree. */
  g_assert_cmpfloat_with_epsilon (scd_scene_score (black, white), 75.0, 0.01);
  g_assert_cmpfloat (scd_scene_score (black, white), ==, scd_scene_score (white, black));
}

static void
test_dark_changes_count_more (void)
{
  g_autoptr (ScdSceneImage) black = flat (16, 128, 128);
  g_autoptr (ScdSceneImage) dark = flat (26, 128, 128);
  g_autoptr (ScdSceneImage) mid = flat (120, 128, 128);
  g_autoptr (ScdSceneImage) mid_plus = flat (130, 128, 128);

  /* The same ten levels matter more near black than in the mid-tones. */
  g_assert_cmpfloat (scd_scene_score (black, dark), >, 3.0 * scd_scene_score (mid, mid_plus));
}

static void
test_colour_counts_less (void)
{
  g_autoptr (ScdSceneImage) grey = flat (120, 128, 128);
  g_autoptr (ScdSceneImage) red = flat (120, 100, 180);
  g_autoptr (ScdSceneImage) brighter = flat (150, 128, 128);

  g_assert_cmpfloat (scd_scene_score (grey, red), >, 0.0);
  g_assert_cmpfloat (scd_scene_score (grey, red), <, scd_scene_score (grey, brighter));
}

static void
test_local_change (void)
{
  g_autoptr (ScdSceneImage) a = flat (100, 128, 128);
  g_autoptr (ScdSceneImage) b = flat (100, 128, 128);
  double whole, part;

  /* A change over a quarter of the picture scores a quarter as much. */
  memset (b->data, 200, scd_scene_image_luma_size (b));
  whole = scd_scene_score (a, b);
  memset (b->data + scd_scene_image_luma_size (b) / 4, 100, 3 * scd_scene_image_luma_size (b) / 4);
  part = scd_scene_score (a, b);
  g_assert_cmpfloat_with_epsilon (part, whole / 4.0, 0.01);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scene-score/identical", test_identical);
  g_test_add_func ("/scene-score/black-white", test_black_white);
  g_test_add_func ("/scene-score/dark-changes-count-more", test_dark_changes_count_more);
  g_test_add_func ("/scene-score/colour-counts-less", test_colour_counts_less);
  g_test_add_func ("/scene-score/local-change", test_local_change);
  return g_test_run ();
}
