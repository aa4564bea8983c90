/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The small picture every scene measure works on.
 */
#include <string.h>

#include "scd-scene-image.h"

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

/* *@dst becomes a copy of @src, in its buffer when the size is the same;
 * NULL when @src is. */
void
scd_scene_image_copy_into (ScdSceneImage **dst, const ScdSceneImage *src)
{
  if (src == NULL)
    {
      g_clear_pointer (dst, scd_scene_image_free);
      return;
    }
  if (*dst == NULL || (*dst)->width != src->width || (*dst)->height != src->height)
    {
      scd_scene_image_free (*dst);
      *dst = scd_scene_image_new (src->width, src->height);
    }
  memcpy ((*dst)->data, src->data,
          scd_scene_image_luma_size (src) + 2 * scd_scene_image_chroma_size (src));
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
