/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The scene score: how different two small images are, and how they
 * relate: one flat, one the other made brighter.
 */
#pragma once

#include "scd-scene-image.h"
#include "scd-scene-tuning.h"

G_BEGIN_DECLS

const guint8 *scd_scene_lightness_table (void);
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

/* How far the pixel at (@x, @y) moved from @previous to @current, in
 * levels of 255: its lightness (through @table,
 * scd_scene_lightness_table()) or one of its colour planes, whichever
 * moved most; its lightness alone if @lightness_only. Inline: every
 * measure calls it for every pixel. */
static inline int
scd_scene_pixel_change (const ScdSceneImage *previous,
                        const ScdSceneImage *current,
                        const guint8 *table,
                        guint x,
                        guint y,
                        gboolean lightness_only)
{
  guint w = current->width;
  gsize luma = (gsize) w * current->height, chroma = (gsize) (w / 2) * (current->height / 2);
  gsize i = (gsize) y * w + x, c = (gsize) (y / 2) * (w / 2) + x / 2;
  int dl = ABS ((int) table[previous->data[i]] - (int) table[current->data[i]]);
  int du, dv;

  if (lightness_only)
    return dl;
  du = ABS ((int) previous->data[luma + c] - (int) current->data[luma + c]);
  dv = ABS ((int) previous->data[luma + chroma + c] - (int) current->data[luma + chroma + c]);
  return MAX (dl, MAX (du, dv));
}

/* How much a pixel that moved by @change levels (scd_scene_pixel_change())
 * changed, 0 to 1. One that moved by less than change-low levels (of 255)
 * has not changed: that is noise, grain, a codec's flicker. One that
 * moved by change-high or more has changed entirely; in between, in
 * part. */
static inline double
scd_scene_pixel_changed (int change)
{
  double low = scd_tune (SCD_TUNE_CHANGE_LOW);
  double span = MAX (scd_tune (SCD_TUNE_CHANGE_HIGH) - low, 1e-9);

  return CLAMP ((change - low) / span, 0.0, 1.0);
}

G_END_DECLS
