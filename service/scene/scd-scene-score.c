/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two measures of how two small images differ:
 *
 * - the scene score (the unit of Threshold): the share of the picture, in
 *   percent, whose lightness or colour moved visibly. A few levels are
 *   noise, grain or a codec's flicker; beyond a dozen a small pixel counts
 *   as changed in full. A slide's new title and bullets are 5-10 % of the
 *   picture, a cut nearly all of it, whatever their contrast: what a
 *   person sees as "the screen changed";
 * - the difference: the mean absolute difference, lightness counting
 *   three times as much as colour, in percent of the largest. It tells
 *   how far apart two pictures are, which the score cannot once every
 *   part moved a little (in a pan every part does).
 *
 * Luma goes through a square-root curve first, close to how lightness is
 * perceived: a cut from black to a dark shot is a small change in video
 * levels but an obvious one to the eye.
 *
 * Working on a downscaled image makes both cheap (a few thousand pixels a
 * frame) and blind to noise, grain and small motion.
 */
#include <math.h>

#include "scd-scene-score.h"
#include "scd-scene-tuning.h"

/* Video luma to perceived lightness, 0-255. */
const guint8 *
scd_scene_lightness_table (void)
{
  static guint8 table[256];
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      for (guint y = 0; y < 256; y++)
        {
          double linear = CLAMP (((double) y - 16.0) / 219.0, 0.0, 1.0);

          table[y] = (guint8) lround (255.0 * sqrt (linear));
        }
      g_once_init_leave (&initialised, 1);
    }
  return table;
}

/* The share of the picture that changed (scd_scene_pixel_changed()), in
 * percent. */
double
scd_scene_score (const ScdSceneImage *previous, const ScdSceneImage *current)
{
  const guint8 *table = scd_scene_lightness_table ();
  double changed = 0.0;

  g_return_val_if_fail (previous != NULL && current != NULL, 0.0);
  g_return_val_if_fail (previous->width == current->width, 100.0);
  g_return_val_if_fail (previous->height == current->height, 100.0);

  for (guint y = 0; y < current->height; y++)
    for (guint x = 0; x < current->width; x++)
      changed += scd_scene_pixel_changed (
          scd_scene_pixel_change (previous, current, table, x, y, FALSE));
  return 100.0 * changed / scd_scene_image_luma_size (current);
}

/* The mean difference of lightness and colour, lightness counting three
 * times as much, in percent of the largest: how far one image is from the
 * other, where scd_scene_score() tells how much of it changed. Fades and
 * dissolves are followed with this (scd-scene-transition.c). */
double
scd_scene_difference (const ScdSceneImage *previous, const ScdSceneImage *current)
{
  const guint8 *table = scd_scene_lightness_table ();
  gsize luma, chroma;
  guint64 dy = 0, duv = 0;

  g_return_val_if_fail (previous != NULL && current != NULL, 0.0);
  g_return_val_if_fail (previous->width == current->width, 100.0);
  g_return_val_if_fail (previous->height == current->height, 100.0);

  luma = scd_scene_image_luma_size (current);
  chroma = scd_scene_image_chroma_size (current);
  for (gsize i = 0; i < luma; i++)
    dy += (guint) ABS ((int) table[previous->data[i]] - (int) table[current->data[i]]);
  for (gsize i = luma; i < luma + 2 * chroma; i++)
    duv += (guint) ABS ((int) previous->data[i] - (int) current->data[i]);

  return 100.0 * (3.0 * dy / luma + (double) duv / (2 * chroma)) / (4.0 * 255.0);
}

/* How much of the change of lightness between two images goes one way:
 * 1 when every part got brighter (or every part darker), as in a flash or
 * a fade; near 0 for a change of what is shown. */
double
scd_scene_brightness_share (const ScdSceneImage *previous, const ScdSceneImage *current)
{
  const guint8 *table = scd_scene_lightness_table ();
  gsize n = scd_scene_image_luma_size (current);
  gint64 signed_sum = 0;
  guint64 abs_sum = 0;

  g_return_val_if_fail (previous->width == current->width, 0.0);
  g_return_val_if_fail (previous->height == current->height, 0.0);

  for (gsize i = 0; i < n; i++)
    {
      int d = (int) table[current->data[i]] - (int) table[previous->data[i]];

      signed_sum += d;
      abs_sum += (guint) ABS (d);
    }
  return abs_sum > 0 ? (double) ABS (signed_sum) / abs_sum : 0.0;
}

/* Whether @image is of one colour (a black or white frame, the black in
 * the middle of a fade), give or take a caption or a logo: no scene to
 * show. It is when flat-share of it is within flat-level of its median
 * luma. */
gboolean
scd_scene_image_is_flat (const ScdSceneImage *image)
{
  gsize n = scd_scene_image_luma_size (image);
  guint histogram[256] = { 0 };
  gsize below = 0, near = 0;
  int median = 0, level;

  for (gsize i = 0; i < n; i++)
    histogram[image->data[i]]++;
  for (median = 0; median < 255 && below + histogram[median] < n / 2; median++)
    below += histogram[median];
  level = scd_tune_int (SCD_TUNE_FLAT_LEVEL);
  for (int v = MAX (0, median - level); v <= MIN (255, median + level); v++)
    near += histogram[v];
  return near >= scd_tune (SCD_TUNE_FLAT_SHARE) * n;
}

/* If @current is @previous made brighter or darker (current ≈
 * gain·previous + offset, with the contrast mostly kept), the gain; 0 if
 * it is not. */
double
scd_scene_relit_gain (const ScdSceneImage *previous, const ScdSceneImage *current)
{
  gsize n = scd_scene_image_luma_size (previous);
  double sa = 0, sb = 0, saa = 0, sab = 0, gain, offset, residual = 0, change = 0, det;

  g_return_val_if_fail (previous->width == current->width, 0.0);
  g_return_val_if_fail (previous->height == current->height, 0.0);

  for (gsize i = 0; i < n; i++)
    {
      sa += previous->data[i];
      sb += current->data[i];
      saa += (double) previous->data[i] * previous->data[i];
      sab += (double) previous->data[i] * current->data[i];
    }
  det = n * saa - sa * sa;
  if (det <= 0)
    return 0.0; /* @previous is flat: anything may fade in from it */
  gain = (n * sab - sa * sb) / det;
  offset = (sb - gain * sa) / n;
  for (gsize i = 0; i < n; i++)
    {
      residual += fabs (current->data[i] - (gain * previous->data[i] + offset));
      change += fabs ((double) current->data[i] - previous->data[i]);
    }
  /* The least gain of a picture made brighter or darker, and the most a
   * fit of it may leave unexplained, as a share of the change. */
  if (gain < scd_tune (SCD_TUNE_RELIT_MIN_GAIN) || change <= 0
      || residual > scd_tune (SCD_TUNE_RELIT_MAX_RESIDUAL) * change)
    return 0.0;
  return gain;
}

/* The share of @current that @previous made brighter or darker explains:
 * pixels within relit-level luma levels of @previous moved by the median
 * of their differences, when that median is more than relit-level: 0
 * when the lighting did not change. Near 1 for the same picture lit
 * otherwise, even with a few things moved in it (the median is theirs
 * only when they cover half of it); low for another picture. */
double
scd_scene_relit_share (const ScdSceneImage *previous, const ScdSceneImage *current)
{
  gsize n = scd_scene_image_luma_size (previous);
  guint histogram[511] = { 0 };
  gsize below = 0, explained = 0;
  int median, level;

  g_return_val_if_fail (previous->width == current->width, 0.0);
  g_return_val_if_fail (previous->height == current->height, 0.0);

  for (gsize i = 0; i < n; i++)
    histogram[255 + (int) current->data[i] - (int) previous->data[i]]++;
  for (median = 0; median < 510 && below + histogram[median] < n / 2; median++)
    below += histogram[median];
  level = scd_tune_int (SCD_TUNE_RELIT_LEVEL);
  if (ABS (median - 255) <= level)
    return 0.0;
  for (int d = MAX (0, median - level); d <= MIN (510, median + level); d++)
    explained += histogram[d];
  return (double) explained / n;
}

/* Whether @current is @previous made brighter or darker: a flash that
 * leaves the picture visible, the rest of a fade-in, a change of
 * exposure; not a new scene. */
gboolean
scd_scene_relit (const ScdSceneImage *previous, const ScdSceneImage *current)
{
  return scd_scene_relit_gain (previous, current) > 0.0;
}

/* The share of the picture whose luma changed (moved by more than
 * changed-level) from @previous to @current; @at_edge: whether any of it
 * is on the picture's border. */
double
scd_scene_changed_share (const ScdSceneImage *previous,
                         const ScdSceneImage *current,
                         gboolean *at_edge)
{
  guint w = previous->width, h = previous->height;
  int level = scd_tune_int (SCD_TUNE_CHANGED_LEVEL);
  gsize changed = 0;

  g_return_val_if_fail (w == current->width && h == current->height, 1.0);

  *at_edge = FALSE;
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      if (ABS ((int) previous->data[y * w + x] - (int) current->data[y * w + x]) > level)
        {
          changed++;
          if (x == 0 || y == 0 || x == w - 1 || y == h - 1)
            *at_edge = TRUE;
        }
  return (double) changed / ((gsize) w * h);
}

/* Mean absolute difference of luma, in video levels: fades and dissolves
 * mix video levels linearly, so in this measure they go at an even pace. */
double
scd_scene_luma_distance (const ScdSceneImage *a, const ScdSceneImage *b)
{
  gsize n = scd_scene_image_luma_size (a);
  guint64 sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (guint) ABS ((int) a->data[i] - (int) b->data[i]);
  return (double) sum / n;
}
