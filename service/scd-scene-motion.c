/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A scroll or a pan moves the whole picture by (dx, dy): each row of the
 * new frame is a row of the old one @dy lines further down, and likewise
 * for columns. So the profile of row means shifts by dy and the profile of
 * column means by dx, and each shift is found by sliding one profile over
 * the other. This reads a few hundred thousand samples and tries every
 * shift, so it runs only for frames that may start a scene
 * (scd-scene-detector.c), never for every frame.
 */
#include <math.h>

#include "scd-scene-motion.h"

#include <libavutil/pixfmt.h>

/* Each row's (or column's) profile is kept for STRIPS parts of it, of
 * STRIP_SAMPLES samples each: text lines look alike as a whole, less so
 * part by part, so a scroll by some lines is not mistaken for another. */
#define STRIPS 6
#define STRIP_SAMPLES 16
/* At least this fraction of the picture must be in both frames. */
#define MIN_OVERLAP 0.5
/* A shift must explain the profiles at least this much better than none. */
#define MIN_GAIN 0.5

static gboolean
has_8bit_luma (const AVFrame *frame)
{
  switch (frame->format)
    {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUV422P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUV444P:
    case AV_PIX_FMT_YUVJ444P:
    case AV_PIX_FMT_NV12:
    case AV_PIX_FMT_GRAY8:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Mean luma of each part of each row (@rows) or column: STRIPS values
 * per line, one after the other. */
static float *
profile (const AVFrame *frame, gboolean rows)
{
  int n = rows ? frame->height : frame->width;
  int across = rows ? frame->width : frame->height;
  int samples = STRIPS * STRIP_SAMPLES;
  float *out = g_new0 (float, (gsize) n * STRIPS);

  for (int i = 0; i < n; i++)
    for (int k = 0; k < samples; k++)
      {
        int j = (int) ((2 * k + 1) * (gint64) across / (2 * samples));
        guint8 v = rows ? frame->data[0][(gsize) i * frame->linesize[0] + j]
                        : frame->data[0][(gsize) j * frame->linesize[0] + i];

        out[(gsize) i * STRIPS + k / STRIP_SAMPLES] += (float) v / STRIP_SAMPLES;
      }
  return out;
}

/* Mean absolute difference of line i of @p and line i + d of @q over
 * their overlap. */
static double
profile_distance (const float *p, const float *q, int n, int d)
{
  int first = MAX (0, -d), last = MIN (n, n - d);
  double sum = 0.0;

  for (gsize i = (gsize) first * STRIPS; i < (gsize) last * STRIPS; i++)
    sum += fabsf (p[i] - q[i + (gssize) d * STRIPS]);
  return last > first ? sum / (last - first) : G_MAXDOUBLE;
}

static int
best_shift (const float *p, const float *q, int n)
{
  int max_shift = (int) (n * (1.0 - MIN_OVERLAP));
  double still = profile_distance (p, q, n, 0), best_distance = still;
  int best = 0;

  for (int d = -max_shift; d <= max_shift; d++)
    {
      double distance = profile_distance (p, q, n, d);

      if (distance < best_distance)
        {
          best_distance = distance;
          best = d;
        }
    }
  return best_distance < MIN_GAIN * still ? best : 0;
}

/* Sets @dx and @dy so that current (x + dx, y + dy) shows what previous
 * (x, y) showed. FALSE when the frames cannot be compared this way. */
gboolean
scd_scene_motion_estimate (const AVFrame *previous, const AVFrame *current, int *dx, int *dy)
{
  g_autofree float *prev_rows = NULL, *cur_rows = NULL, *prev_cols = NULL, *cur_cols = NULL;

  if (!has_8bit_luma (previous) || !has_8bit_luma (current)
      || previous->width != current->width || previous->height != current->height
      || current->width < 16 || current->height < 16)
    return FALSE;

  prev_rows = profile (previous, TRUE);
  cur_rows = profile (current, TRUE);
  prev_cols = profile (previous, FALSE);
  cur_cols = profile (current, FALSE);
  *dy = best_shift (prev_rows, cur_rows, current->height);
  *dx = best_shift (prev_cols, cur_cols, current->width);
  return TRUE;
}
