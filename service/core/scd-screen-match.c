/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "scd-screen-match.h"

#define LEVELS_APART 4 /* cells this many levels of 255 apart differ */
#define MAX_GROUPS 3
#define MAX_GROUP_SPAN 3
#define MAX_CELLS 12

/* Marks the group of differing cells that holds @start as seen and
 * measures it: its cells, and its extent across and down. */
static void
measure_group (const guint8 *differs,
               guint8 *seen,
               guint width,
               guint height,
               guint start,
               guint *stack,
               guint *cells,
               guint *across,
               guint *down)
{
  guint top = 0, x0 = start % width, x1 = x0, y0 = start / width, y1 = y0;

  *cells = 0;
  seen[start] = TRUE;
  stack[top++] = start;
  while (top > 0)
    {
      guint at = stack[--top], x = at % width, y = at / width;

      (*cells)++;
      x0 = MIN (x0, x);
      x1 = MAX (x1, x);
      y0 = MIN (y0, y);
      y1 = MAX (y1, y);
      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++)
          {
            int nx = (int) x + dx, ny = (int) y + dy;
            guint next;

            if (nx < 0 || ny < 0 || nx >= (int) width || ny >= (int) height)
              continue;
            next = (guint) ny * width + (guint) nx;
            if (differs[next] && !seen[next])
              {
                seen[next] = TRUE;
                stack[top++] = next;
              }
          }
    }
  *across = x1 - x0 + 1;
  *down = y1 - y0 + 1;
}

gboolean
scd_screen_match (const guint8 *a, const guint8 *b, guint width, guint height, double *distance)
{
  gsize n = (gsize) width * height;
  g_autofree guint8 *differs = NULL;
  g_autofree guint8 *seen = NULL;
  g_autofree guint *stack = NULL;
  guint total = 0, groups = 0, sum = 0;

  /* Counted first, with nothing allocated: a still screen (no cell
   * differs) and a new one (more than MAX_CELLS differ, most often known
   * after a few rows) are the usual answers, every frame. */
  for (gsize i = 0; i < n; i++)
    {
      guint apart = (guint) ABS ((int) a[i] - (int) b[i]);

      sum += apart;
      total += apart >= LEVELS_APART;
      if (total > MAX_CELLS)
        return FALSE;
    }
  if (distance != NULL)
    *distance = (double) sum / n;
  if (total == 0)
    return TRUE;

  differs = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    differs[i] = (guint) ABS ((int) a[i] - (int) b[i]) >= LEVELS_APART;
  seen = g_new0 (guint8, n);
  stack = g_new (guint, n);
  for (gsize i = 0; i < n; i++)
    {
      guint cells, across, down;

      if (!differs[i] || seen[i])
        continue;
      measure_group (differs, seen, width, height, (guint) i, stack, &cells, &across, &down);
      if (++groups > MAX_GROUPS || across > MAX_GROUP_SPAN || down > MAX_GROUP_SPAN)
        return FALSE;
    }
  return TRUE;
}
