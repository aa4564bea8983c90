/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The scene score is the mean absolute difference between two small
 * images, in percent of the largest possible difference: 0 for identical
 * images, 100 for black against white.
 *
 * Luma goes through a square-root curve first, close to how lightness is
 * perceived: a cut from black to a dark shot is a small change in video
 * levels but an obvious one to the eye. Lightness counts three times as
 * much as colour, so a change of hue alone (a slide's background colour)
 * scores lower than a change of what is shown.
 *
 * Working on a downscaled image makes the score cheap (a few thousand
 * pixels a frame) and blind to noise, grain and small motion.
 */
#include <math.h>

#include "scd-scene-score.h"

ScdSceneImage *
scd_scene_image_new (guint width, guint height)
{
  ScdSceneImage *image;

  g_return_val_if_fail (width >= 2 && height >= 2, NULL);
  g_return_val_if_fail (width % 2 == 0 && height % 2 == 0, NULL);

  image = g_new0 (ScdSceneImage, 1);
  image->width = width;
  image->height = height;
  image->data = g_malloc0 (scd_scene_image_luma_size (image)
                           + 2 * scd_scene_image_chroma_size (image));
  return image;
}

void
scd_scene_image_free (ScdSceneImage *image)
{
  if (image == NULL)
    return;
  g_free (image->data);
  g_free (image);
}

gsize
scd_scene_image_luma_size (const ScdSceneImage *image)
{
  return (gsize) image->width * image->height;
}

gsize
scd_scene_image_chroma_size (const ScdSceneImage *image)
{
  return (gsize) (image->width / 2) * (image->height / 2);
}

/* Video luma (16..235) to perceived lightness (0..255). */
static const guint8 *
lightness_table (void)
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

static guint64
sum_abs_diff_lightness (const guint8 *a, const guint8 *b, gsize n)
{
  const guint8 *table = lightness_table ();
  guint64 sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (guint) ABS ((int) table[a[i]] - (int) table[b[i]]);
  return sum;
}

static guint64
sum_abs_diff (const guint8 *a, const guint8 *b, gsize n)
{
  guint64 sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (guint) ABS ((int) a[i] - (int) b[i]);
  return sum;
}

double
scd_scene_score (const ScdSceneImage *previous, const ScdSceneImage *current)
{
  gsize luma, chroma;
  double dy, du, dv;

  g_return_val_if_fail (previous != NULL && current != NULL, 0.0);
  g_return_val_if_fail (previous->width == current->width, 100.0);
  g_return_val_if_fail (previous->height == current->height, 100.0);

  luma = scd_scene_image_luma_size (current);
  chroma = scd_scene_image_chroma_size (current);

  dy = (double) sum_abs_diff_lightness (previous->data, current->data, luma) / luma;
  du = (double) sum_abs_diff (previous->data + luma, current->data + luma, chroma) / chroma;
  dv = (double) sum_abs_diff (previous->data + luma + chroma, current->data + luma + chroma,
                              chroma)
       / chroma;

  return 100.0 * (3.0 * dy + (du + dv) / 2.0) / (4.0 * 255.0);
}
