/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "scd-error.h"
#include "scd-regions.h"

/* No video is wider or taller than this many pixels. */
#define MAX_PIXELS 65536.0

static gboolean
in_fractions (const ScdRect *rect)
{
  return rect->x <= 1.0 && rect->y <= 1.0 && rect->width <= 1.0 && rect->height <= 1.0;
}

static gboolean
check_rect (const char *what, const ScdRect *rect, GError **error)
{
  const double v[] = { rect->x, rect->y, rect->width, rect->height };

  for (gsize i = 0; i < G_N_ELEMENTS (v); i++)
    if (!isfinite (v[i]) || v[i] < 0.0 || v[i] > MAX_PIXELS)
      {
        g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                     _("A rectangle of “%s” holds %g: give x, y, width and height from 0 to %g"),
                     what, v[i], MAX_PIXELS);
        return FALSE;
      }
  if (rect->width <= 0.0 || rect->height <= 0.0)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("A rectangle of “%s” is empty: its width and height must be above 0"), what);
      return FALSE;
    }
  return TRUE;
}

static ScdRect
rect_from_variant (GVariant *value)
{
  ScdRect rect;

  g_variant_get (value, "(dddd)", &rect.x, &rect.y, &rect.width, &rect.height);
  return rect;
}

gboolean
scd_regions_set_exclude (ScdRegions *regions, GVariant *value, GError **error)
{
  ScdRegions parsed = *regions;
  gsize n = g_variant_n_children (value);

  g_return_val_if_fail (g_variant_is_of_type (value, G_VARIANT_TYPE (SCD_REGIONS_TYPE)), FALSE);
  if (n > SCD_REGIONS_MAX)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("“exclude-regions” holds %u rectangles; at most %d"),
                   (guint) MIN (n, G_MAXUINT), SCD_REGIONS_MAX);
      return FALSE;
    }
  parsed.n_exclude = (guint) n;
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GVariant) child = g_variant_get_child_value (value, i);

      parsed.exclude[i] = rect_from_variant (child);
      if (!check_rect ("exclude-regions", &parsed.exclude[i], error))
        return FALSE;
    }
  *regions = parsed;
  return TRUE;
}

gboolean
scd_regions_set_watch (ScdRegions *regions, GVariant *value, GError **error)
{
  ScdRect rect;

  g_return_val_if_fail (g_variant_is_of_type (value, G_VARIANT_TYPE (SCD_REGION_TYPE)), FALSE);
  rect = rect_from_variant (value);
  if (rect.x == 0.0 && rect.y == 0.0 && rect.width == 0.0 && rect.height == 0.0)
    {
      regions->watch_set = FALSE;
      memset (&regions->watch, 0, sizeof regions->watch);
      return TRUE;
    }
  if (!check_rect ("watch-region", &rect, error))
    return FALSE;
  regions->watch_set = TRUE;
  regions->watch = rect;
  return TRUE;
}

/* A floating a(dddd). */
GVariant *
scd_regions_exclude_to_variant (const ScdRegions *regions)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE (SCD_REGIONS_TYPE));
  for (guint i = 0; i < regions->n_exclude; i++)
    {
      const ScdRect *r = &regions->exclude[i];

      g_variant_builder_add (&builder, "(dddd)", r->x, r->y, r->width, r->height);
    }
  return g_variant_builder_end (&builder);
}

/* A floating (dddd). */
GVariant *
scd_regions_watch_to_variant (const ScdRegions *regions)
{
  const ScdRect *r = &regions->watch;

  if (!regions->watch_set)
    return g_variant_new ("(dddd)", 0.0, 0.0, 0.0, 0.0);
  return g_variant_new ("(dddd)", r->x, r->y, r->width, r->height);
}

static gboolean
rect_equal (const ScdRect *a, const ScdRect *b)
{
  return a->x == b->x && a->y == b->y && a->width == b->width && a->height == b->height;
}

gboolean
scd_regions_equal (const ScdRegions *a, const ScdRegions *b)
{
  if (a->n_exclude != b->n_exclude || a->watch_set != b->watch_set
      || (a->watch_set && !rect_equal (&a->watch, &b->watch)))
    return FALSE;
  for (guint i = 0; i < a->n_exclude; i++)
    if (!rect_equal (&a->exclude[i], &b->exclude[i]))
      return FALSE;
  return TRUE;
}

gboolean
scd_regions_any (const ScdRegions *regions)
{
  return regions->n_exclude > 0 || regions->watch_set;
}

gboolean
scd_rect_to_pixels (const ScdRect *rect, int width, int height, int *x, int *y, int *w, int *h)
{
  double scale_x = in_fractions (rect) ? width : 1.0;
  double scale_y = in_fractions (rect) ? height : 1.0;
  double x0 = CLAMP (floor (rect->x * scale_x + 0.5), 0.0, (double) width);
  double y0 = CLAMP (floor (rect->y * scale_y + 0.5), 0.0, (double) height);
  double x1 = CLAMP (floor ((rect->x + rect->width) * scale_x + 0.5), 0.0, (double) width);
  double y1 = CLAMP (floor ((rect->y + rect->height) * scale_y + 0.5), 0.0, (double) height);

  *x = (int) x0;
  *y = (int) y0;
  *w = (int) (x1 - x0);
  *h = (int) (y1 - y0);
  return *w > 0 && *h > 0;
}
