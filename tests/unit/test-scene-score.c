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
  g_assert_cmpfloat (scd_scene_difference (a, b), ==, 0.0);
}

static void
test_black_white (void)
{
  g_autoptr (ScdSceneImage) black = flat (16, 128, 128);
  g_autoptr (ScdSceneImage) white = flat (235, 128, 128);

  /* All of the picture changed. */
  g_assert_cmpfloat_with_epsilon (scd_scene_score (black, white), 100.0, 0.01);
  g_assert_cmpfloat (scd_scene_score (black, white), ==, scd_scene_score (white, black));
  /* Lightness is three quarters of the difference; the colour planes agree. */
  g_assert_cmpfloat_with_epsilon (scd_scene_difference (black, white), 75.0, 0.01);
}

static void
test_noise_is_no_change (void)
{
  g_autoptr (ScdSceneImage) a = flat (120, 128, 128);
  g_autoptr (ScdSceneImage) b = flat (122, 129, 127);

  g_assert_cmpfloat (scd_scene_score (a, b), ==, 0.0);
  g_assert_cmpfloat (scd_scene_difference (a, b), >, 0.0);
}

static void
test_dark_changes_count_more (void)
{
  g_autoptr (ScdSceneImage) black = flat (16, 128, 128);
  g_autoptr (ScdSceneImage) dark = flat (20, 128, 128);
  g_autoptr (ScdSceneImage) mid = flat (120, 128, 128);
  g_autoptr (ScdSceneImage) mid_plus = flat (124, 128, 128);

  /* The same four levels are a change near black, hardly one in the
   * mid-tones. */
  g_assert_cmpfloat_with_epsilon (scd_scene_score (black, dark), 100.0, 0.01);
  g_assert_cmpfloat (scd_scene_score (mid, mid_plus), <, 10.0);
  g_assert_cmpfloat (scd_scene_difference (black, dark), >,
                     3.0 * scd_scene_difference (mid, mid_plus));
}

static void
test_colour_change_counts (void)
{
  g_autoptr (ScdSceneImage) grey = flat (120, 128, 128);
  g_autoptr (ScdSceneImage) red = flat (120, 100, 180);

  /* A new background colour changes the whole picture... */
  g_assert_cmpfloat_with_epsilon (scd_scene_score (grey, red), 100.0, 0.01);
  /* ...but moves it less far than a change of lightness would. */
  g_assert_cmpfloat (scd_scene_difference (grey, red), <, 10.0);
}

static void
test_local_change (void)
{
  g_autoptr (ScdSceneImage) a = flat (100, 128, 128);
  g_autoptr (ScdSceneImage) b = flat (100, 128, 128);
  gsize luma = scd_scene_image_luma_size (b);

  /* A change over a quarter of the picture: a quarter of it changed. */
  memset (b->data, 200, luma / 4);
  g_assert_cmpfloat_with_epsilon (scd_scene_score (a, b), 25.0, 0.01);
}

static void
test_changed_share (void)
{
  g_autoptr (ScdSceneImage) a = flat (100, 128, 128);
  g_autoptr (ScdSceneImage) at_edge = flat (100, 128, 128);
  g_autoptr (ScdSceneImage) inside = flat (100, 128, 128);
  g_autoptr (ScdSceneImage) faint = flat (110, 128, 128);
  gboolean edge = FALSE;

  /* An 8x9 block at the right edge, and the same block in the middle. */
  for (guint y = 10; y < 19; y++)
    for (guint x = 0; x < 8; x++)
      {
        at_edge->data[y * 64 + 56 + x] = 220;
        inside->data[y * 64 + 28 + x] = 220;
      }
  g_assert_cmpfloat_with_epsilon (scd_scene_changed_share (a, at_edge, &edge), 72.0 / (64 * 36),
                                  1e-9);
  g_assert_true (edge);
  g_assert_cmpfloat_with_epsilon (scd_scene_changed_share (a, inside, &edge), 72.0 / (64 * 36),
                                  1e-9);
  g_assert_false (edge);
  /* A small change of level everywhere is no change. */
  g_assert_cmpfloat (scd_scene_changed_share (a, faint, &edge), ==, 0.0);
  g_assert_false (edge);
}

static void
test_brightness_share (void)
{
  g_autoptr (ScdSceneImage) a = flat (100, 128, 128);
  g_autoptr (ScdSceneImage) brighter = flat (180, 128, 128);
  g_autoptr (ScdSceneImage) mixed = flat (100, 128, 128);
  gsize luma = scd_scene_image_luma_size (mixed);

  g_assert_cmpfloat_with_epsilon (scd_scene_brightness_share (a, brighter), 1.0, 1e-9);
  /* Half brighter, half darker: no flash. */
  memset (mixed->data, 180, luma / 2);
  memset (mixed->data + luma / 2, 40, luma / 2);
  g_assert_cmpfloat (scd_scene_brightness_share (a, mixed), <, 0.3);
}

/* The same picture lit otherwise, a few things moved in it, is explained
 * by a shift of its lightness; another picture is not; and with the
 * lighting as it was there is nothing to explain. */
static void
test_relit_share (void)
{
  g_autoptr (ScdSceneImage) before = flat (80, 128, 128);
  g_autoptr (ScdSceneImage) after = flat (80, 128, 128);
  g_autoptr (ScdSceneImage) other = flat (80, 128, 128);
  gsize n = scd_scene_image_luma_size (before);

  for (gsize i = 0; i < n; i++)
    {
      before->data[i] = (guint8) (60 + (i * 7) % 40);
      after->data[i] = (guint8) (before->data[i] + 30);
      other->data[i] = (guint8) (60 + (i * 13) % 90);
    }
  /* A car: a tenth of the picture, bright. */
  for (gsize i = 0; i < n / 10; i++)
    after->data[i] = 230;
  g_assert_cmpfloat (scd_scene_relit_share (before, after), >=, 0.85);
  g_assert_cmpfloat (scd_scene_relit_share (before, other), <, 0.5);
  g_assert_cmpfloat (scd_scene_relit_share (before, before), ==, 0.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scene-score/identical", test_identical);
  g_test_add_func ("/scene-score/black-white", test_black_white);
  g_test_add_func ("/scene-score/noise", test_noise_is_no_change);
  g_test_add_func ("/scene-score/dark-changes-count-more", test_dark_changes_count_more);
  g_test_add_func ("/scene-score/colour-change", test_colour_change_counts);
  g_test_add_func ("/scene-score/local-change", test_local_change);
  g_test_add_func ("/scene-score/changed-share", test_changed_share);
  g_test_add_func ("/scene-score/brightness-share", test_brightness_share);
  g_test_add_func ("/scene-score/relit-share", test_relit_share);
  return g_test_run ();
}
