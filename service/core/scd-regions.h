/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The regions of the picture a user fences off from scene detection: the
 * options exclude-regions and watch-region, and the SceneDetector
 * properties ExcludeRegions and WatchRegion. A rectangle is (x, y, width,
 * height): in fractions of the picture when all four are at most 1, else
 * in source pixels. Checked, read from and written to GVariants here.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SCD_REGIONS_MAX 16         /* excluded rectangles, at most */
#define SCD_REGIONS_TYPE "a(dddd)" /* exclude-regions */
#define SCD_REGION_TYPE "(dddd)"   /* watch-region; (0, 0, 0, 0): none */

typedef struct
{
  double x, y, width, height;
} ScdRect;

/* A plain value: copied whole with the other scene settings. */
typedef struct
{
  guint n_exclude;
  ScdRect exclude[SCD_REGIONS_MAX];
  gboolean watch_set;
  ScdRect watch;
} ScdRegions;

gboolean scd_regions_set_exclude (ScdRegions *regions, GVariant *value, GError **error);
gboolean scd_regions_set_watch (ScdRegions *regions, GVariant *value, GError **error);
GVariant *scd_regions_exclude_to_variant (const ScdRegions *regions);
GVariant *scd_regions_watch_to_variant (const ScdRegions *regions);
gboolean scd_regions_equal (const ScdRegions *a, const ScdRegions *b);
gboolean scd_regions_any (const ScdRegions *regions);

/* @rect on a @width x @height picture, in whole pixels and within it:
 * FALSE when nothing of it is on the picture. */
gboolean
scd_rect_to_pixels (const ScdRect *rect, int width, int height, int *x, int *y, int *w, int *h);

G_END_DECLS
