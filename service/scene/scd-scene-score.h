/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The scene score: how different two small images are, and how they
 * relate: one flat, one the other made brighter.
 */
#pragma once

#include "scd-scene-image.h"

G_BEGIN_DECLS

const guint8 *scd_scene_lightness_table (void);
int scd_scene_pixel_change (const ScdSceneImage *previous,
                            const ScdSceneImage *current,
                            guint x,
                            guint y,
                            gboolean lightness_only);
double scd_scene_pixel_changed (int change);
double scd_scene_score (const ScdSceneImage *previous, const ScdSceneImage *current);
double scd_scene_difference (const ScdSceneImage *previous, const ScdSceneImage *current);
double scd_scene_luma_distance (const ScdSceneImage *a, const ScdSceneImage *b);
double scd_scene_brightness_share (const ScdSceneImage *previous, const ScdSceneImage *current);
gboolean scd_scene_image_is_flat (const ScdSceneImage *image);
gboolean scd_scene_relit (const ScdSceneImage *previous, const ScdSceneImage *current);
double scd_scene_relit_share (const ScdSceneImage *previous, const ScdSceneImage *current);
double scd_scene_relit_gain (const ScdSceneImage *previous, const ScdSceneImage *current);
double scd_scene_changed_share (const ScdSceneImage *previous,
                                const ScdSceneImage *current,
                                gboolean *at_edge);

G_END_DECLS
