/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The small picture every scene measure works on (scd-scene-imager.c makes
 * it from a decoded frame).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small planar YUV 4:2:0 picture: width x height luma, then two chroma
 * planes of (width / 2) x (height / 2), tightly packed. */
typedef struct
{
  guint width;
  guint height;
  guint8 *data;
} ScdSceneImage;

ScdSceneImage *scd_scene_image_new (guint width, guint height);
void scd_scene_image_free (ScdSceneImage *image);
void scd_scene_image_copy_into (ScdSceneImage **dst, const ScdSceneImage *src);
gsize scd_scene_image_luma_size (const ScdSceneImage *image);
gsize scd_scene_image_chroma_size (const ScdSceneImage *image);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdSceneImage, scd_scene_image_free)

G_END_DECLS
