/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The scene score: how different two small images are, and how they
 * relate: one flat, one the other made brighter.
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
gsize scd_scene_image_luma_size (const ScdSceneImage *image);
gsize scd_scene_image_chroma_size (const ScdSceneImage *image);

double scd_scene_score (const ScdSceneImage *previous, const ScdSceneImage *current);
double scd_scene_difference (const ScdSceneImage *previous, const ScdSceneImage *current);
double scd_scene_brightness_share (const ScdSceneImage *previous, const ScdSceneImage *current);
gboolean scd_scene_image_is_flat (const ScdSceneImage *image);
gboolean scd_scene_relit (const ScdSceneImage *previous, const ScdSceneImage *current);
double scd_scene_relit_gain (const ScdSceneImage *previous, const ScdSceneImage *current);
double scd_scene_changed_share (const ScdSceneImage *previous,
                                const ScdSceneImage *current,
                                gboolean *at_edge);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdSceneImage, scd_scene_image_free)

G_END_DECLS
