/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libswscale/swscale.h>

#include "scd-frame-signature.h"
#include "scd-gpu-frame.h"
#include "scd-libav.h"

#define MAX_ROWS (4 * SCD_FRAME_SIGNATURE_COLUMNS)
#define LEVELS_APART 4 /* cells this many levels of 255 apart differ */
#define MAX_GROUPS 3
#define MAX_GROUP_SPAN 3
#define MAX_CELLS 12

struct _ScdFrameSignature
{
  guint width, height;
  guint8 *cells; /* width x height, the mean lightness of each, 0 to 255 */
};

static ScdFrameSignature *
signature_new (guint width, guint height)
{
  ScdFrameSignature *signature = g_new0 (ScdFrameSignature, 1);

  signature->width = width;
  signature->height = height;
  signature->cells = g_new0 (guint8, (gsize) width * height);
  return signature;
}

void
scd_frame_signature_free (ScdFrameSignature *signature)
{
  if (signature == NULL)
    return;
  g_free (signature->cells);
  g_free (signature);
}

ScdFrameSignature *
scd_frame_signature_new (const AVFrame *frame, struct SwsContext **sws)
{
  g_autoptr (AVFrame) in_memory = NULL;
  g_autoptr (ScdFrameSignature) signature = NULL;
  g_autofree guint8 *grey = NULL;
  guint width = SCD_FRAME_SIGNATURE_COLUMNS, height;
  guint8 *planes[4] = { NULL };
  int linesizes[4] = { 0 };

  if (frame->width <= 0 || frame->height <= 0)
    return NULL;
  if (scd_gpu_frame_is_hardware (frame))
    {
      in_memory = scd_gpu_frame_to_memory (frame, NULL);
      if (in_memory == NULL)
        return NULL;
      frame = in_memory;
    }
  height = CLAMP ((guint) ((double) width * frame->height / frame->width + 0.5), 1, MAX_ROWS);
  *sws = sws_getCachedContext (*sws, frame->width, frame->height, frame->format, (int) width,
                               (int) height, AV_PIX_FMT_GRAY8, SWS_AREA, NULL, NULL, NULL);
  if (*sws == NULL)
    return NULL;
  /* libswscale may write a little past a line: room for 16 more. */
  grey = g_new0 (guint8, (gsize) (width + 16) * (height + 1));
  planes[0] = grey;
  linesizes[0] = (int) width + 16;
  if (sws_scale (*sws, (const guint8 *const *) frame->data, frame->linesize, 0, frame->height,
                 planes, linesizes)
      <= 0)
    return NULL;

  signature = signature_new (width, height);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      signature->cells[y * width + x] = grey[y * (gsize) linesizes[0] + x];
  return g_steal_pointer (&signature);
}

char *
scd_frame_signature_to_string (const ScdFrameSignature *signature)
{
  g_autofree char *encoded = g_base64_encode (signature->cells,
                                              (gsize) signature->width * signature->height);

  return g_strdup_printf ("%ux%u:%s", signature->width, signature->height, encoded);
}

ScdFrameSignature *
scd_frame_signature_from_string (const char *text)
{
  g_autoptr (ScdFrameSignature) signature = NULL;
  g_autofree char *copy = NULL;
  const char *colon = strchr (text, ':');
  unsigned width, height;
  char tail;
  gsize length;

  if (colon == NULL || sscanf (text, "%ux%u%c", &width, &height, &tail) != 3 || tail != ':'
      || width == 0 || height == 0 || width > SCD_FRAME_SIGNATURE_COLUMNS || height > MAX_ROWS)
    return NULL;
  copy = g_strdup (colon + 1);
  g_base64_decode_inplace (copy, &length);
  if (length != (gsize) width * height)
    return NULL;
  signature = signature_new (width, height);
  memcpy (signature->cells, copy, length);
  return g_steal_pointer (&signature);
}

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
scd_frame_signature_matches (const ScdFrameSignature *a,
                             const ScdFrameSignature *b,
                             double *distance)
{
  gsize n = (gsize) a->width * a->height;
  g_autofree guint8 *differs = NULL;
  g_autofree guint8 *seen = NULL;
  g_autofree guint *stack = NULL;
  guint total = 0, groups = 0, sum = 0;

  if (a->width != b->width || a->height != b->height)
    return FALSE;
  differs = g_new0 (guint8, n);
  for (gsize i = 0; i < n; i++)
    {
      guint apart = (guint) ABS ((int) a->cells[i] - (int) b->cells[i]);

      sum += apart;
      differs[i] = apart >= LEVELS_APART;
      total += differs[i];
    }
  if (distance != NULL)
    *distance = (double) sum / n;
  if (total > MAX_CELLS)
    return FALSE;

  seen = g_new0 (guint8, n);
  stack = g_new (guint, n);
  for (gsize i = 0; i < n; i++)
    {
      guint cells, across, down;

      if (!differs[i] || seen[i])
        continue;
      measure_group (differs, seen, a->width, a->height, (guint) i, stack, &cells, &across, &down);
      if (++groups > MAX_GROUPS || across > MAX_GROUP_SPAN || down > MAX_GROUP_SPAN)
        return FALSE;
    }
  return TRUE;
}
