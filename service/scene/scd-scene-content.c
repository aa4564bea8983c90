/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A new scene replaces what the picture shows; an overlay, a popup, a
 * line typed or a car driving through changes a part of it and leaves the
 * rest of what is shown in place. What is shown is the picture's detail:
 * its edges, its text, its texture. A flat background shows nothing, so a
 * new slide whose template stays still replaces all that is shown, while
 * a dropdown over a busy window replaces little of it however many pixels
 * it covers.
 *
 * The measure: each pixel weighs by its detail (the lightness gradient
 * around it, capped at detail-cap so that a few hard edges do not
 * outweigh the rest), and counts as changed in the share the scene score
 * gives it (scd-scene-score.c). Two shares come of it: of the old
 * picture's detail, what changed (what went), and of the new picture's,
 * what is new (what came). The content changed, 0 to 1, is the larger:
 * a slide followed by a sparser one loses most of what it showed though
 * most of what is left is the template, and the reverse. A picture with
 * no detail (mean under detail-floor: black, a blank screen) has nothing
 * to keep: every change to or from it counts in full. Between two flat
 * pictures only lightness counts: what is drawn on them, not the colour
 * of the background.
 *
 * The detector measures it on detail images (scd-scene-imager.c), large
 * enough for text to show.
 */
#include "scd-scene-content.h"
#include "scd-scene-score.h"
#include "scd-scene-tuning.h"

static double
detail (const guint8 *table, const ScdSceneImage *image, guint x, guint y)
{
  guint w = image->width, h = image->height;
  const guint8 *l = image->data;
  guint x0 = x > 0 ? x - 1 : x, x1 = x + 1 < w ? x + 1 : x;
  guint y0 = y > 0 ? y - 1 : y, y1 = y + 1 < h ? y + 1 : y;
  int gx = ABS ((int) table[l[y * w + x1]] - (int) table[l[y * w + x0]]);
  int gy = ABS ((int) table[l[y1 * w + x]] - (int) table[l[y0 * w + x]]);

  return MIN ((double) (gx + gy), scd_tune (SCD_TUNE_DETAIL_CAP));
}

void
scd_scene_content_change (const ScdSceneImage *previous,
                          const ScdSceneImage *current,
                          ScdSceneContentChange *change)
{
  const guint8 *table = scd_scene_lightness_table ();
  double old_all = 0.0, old_changed = 0.0, new_all = 0.0, new_changed = 0.0;
  gboolean lightness_only;
  double floor;

  *change = (ScdSceneContentChange){ 1.0, 1.0, 1.0 };
  g_return_if_fail (previous != NULL && current != NULL);
  g_return_if_fail (previous->width == current->width);
  g_return_if_fail (previous->height == current->height);

  lightness_only = scd_scene_image_is_flat (previous) && scd_scene_image_is_flat (current);
  floor = scd_tune (SCD_TUNE_DETAIL_FLOOR) * scd_scene_image_luma_size (current);

  for (guint y = 0; y < current->height; y++)
    for (guint x = 0; x < current->width; x++)
      {
        double changed = scd_scene_pixel_changed (
            scd_scene_pixel_change (previous, current, table, x, y, lightness_only));
        double before = detail (table, previous, x, y), after = detail (table, current, x, y);

        old_all += before;
        old_changed += before * changed;
        new_all += after;
        new_changed += after * changed;
      }
  change->went = old_all > floor ? old_changed / old_all : 1.0;
  change->came = new_all > floor ? new_changed / new_all : 1.0;
  change->changed = MAX (change->went, change->came);
}
