/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libswscale/swscale.h>

#include "scd-frame-signature.h"
#include "scd-gpu-frame.h"
#include "scd-libav.h"
#include "scd-screen-match.h"

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
  double aspect;
  guint width, height;
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
  /* SCD_FRAME_SIGNATURE_CELLS cells in the picture's shape, at most
   * SCD_FRAME_SIGNATURE_COLUMNS across: 64 x 36 at 16:9, 55 x 41 at 4:3. */
  aspect = (double) frame->width / frame->height;
  width = CLAMP ((guint) (sqrt (SCD_FRAME_SIGNATURE_CELLS * aspect) + 0.5), 1,
                 SCD_FRAME_SIGNATURE_COLUMNS);
  height = CLAMP ((guint) (width / aspect + 0.5), 1, SCD_FRAME_SIGNATURE_CELLS / width);
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
      || width == 0 || height == 0 || width > SCD_FRAME_SIGNATURE_COLUMNS
      || (gsize) width * height > SCD_FRAME_SIGNATURE_CELLS)
    return NULL;
  copy = g_strdup (colon + 1);
  g_base64_decode_inplace (copy, &length);
  if (length != (gsize) width * height)
    return NULL;
  signature = signature_new (width, height);
  memcpy (signature->cells, copy, length);
  return g_steal_pointer (&signature);
}

gboolean
scd_frame_signature_matches (const ScdFrameSignature *a,
                             const ScdFrameSignature *b,
                             double *distance)
{
  if (a->width != b->width || a->height != b->height)
    return FALSE;
  return scd_screen_match (a->cells, b->cells, a->width, a->height, distance);
}
