/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A menu, a dropdown, a dialog or a notification is an opaque box drawn
 * over a picture that stays: every pixel inside the box changed, its
 * outline too, and nothing outside it. A new slide or page changes its
 * text here and there, never a solid block; a new window or shot changes
 * most of the picture. So the change is described by the box around it
 * (scd-scene-decision.c decides): its size, and how much of it and of its
 * outline changed.
 *
 * A pixel changed when its lightness or colour moved by change-high
 * levels or more, the level at which the scene score counts it in full
 * (scd-scene-score.c).
 */
#include "scd-scene-box.h"
#include "scd-scene-score.h"
#include "scd-scene-tuning.h"

static gboolean
changed (const ScdSceneImage *previous,
         const ScdSceneImage *current,
         const guint8 *table,
         guint x,
         guint y)
{
  return scd_scene_pixel_change (previous, current, table, x, y, FALSE)
         >= scd_tune_int (SCD_TUNE_CHANGE_HIGH);
}

void
scd_scene_change_box (const ScdSceneImage *previous,
                      const ScdSceneImage *current,
                      ScdSceneChangeBox *change)
{
  const guint8 *table = scd_scene_lightness_table ();
  guint w = current->width, h = current->height;
  guint x0 = w, y0 = h, x1 = 0, y1 = 0;
  gsize inside = 0, outline = 0, outline_changed = 0, box;

  *change = (ScdSceneChangeBox){ 0 };
  g_return_if_fail (previous->width == w && previous->height == h);

  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      if (changed (previous, current, table, x, y))
        {
          x0 = MIN (x0, x);
          y0 = MIN (y0, y);
          x1 = MAX (x1, x);
          y1 = MAX (y1, y);
        }
  if (x0 > x1)
    return;

  for (guint y = y0; y <= y1; y++)
    for (guint x = x0; x <= x1; x++)
      {
        gboolean is_changed = changed (previous, current, table, x, y);

        inside += is_changed;
        if (y == y0 || y == y1 || x == x0 || x == x1)
          {
            outline++;
            outline_changed += is_changed;
          }
      }
  box = (gsize) (x1 - x0 + 1) * (y1 - y0 + 1);
  change->box = (double) box / ((gsize) w * h);
  change->fill = (double) inside / box;
  change->border = (double) outline_changed / outline;
}
