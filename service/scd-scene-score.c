/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The scene score is the mean absolute difference between two small
 * images, in percent of the largest possible difference: 0 for identical
 * images, 100 for black against white. Luma counts twice as much as each
 * chroma plane, so a cut between two shots of the same brightness but
 * different colours still scores.
 *
 * Working on a downscaled image makes the score cheap (a few thousand
 * pixels a frame) and blind to noise, grain and small motion.
 */
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

  dy = (double) sum_abs_diff (previous->data, current->data, luma) / luma;
  du = (double) sum_abs_diff (previous->data + luma, current->data + luma, chroma) / chroma;
  dv = (double) sum_abs_diff (previous->data + luma + chroma, current->data + luma + chroma,
                              chroma)
       / chroma;

  return 100.0 * (2.0 * dy + du + dv) / (4.0 * 255.0);
}
