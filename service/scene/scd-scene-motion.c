/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A scroll or a pan moves the whole picture by (dx, dy): each row of the
 * new frame is a row of the old one @dy lines further down, and likewise
 * for columns. So the profile of row means shifts by dy and the profile of
 * column means by dx, and each shift is found by sliding one profile over
 * the other.
 *
 * A wheel step in one window moves only that window's page: the desktop,
 * the window's title and tab bars stay. There the shift is the one that
 * explains the most of the row-profile cells that changed, and the
 * scrolled share says how much of what changed, pixel by pixel, it
 * explains; a point may keep still or move by the shift.
 *
 * Both read a few hundred thousand samples and try every shift (most
 * are ruled out from running sums of the profiles before they are
 * summed), so they run only for frames that may start a scene
 * (scd-scene-detector.c), never for every frame.
 *
 * On small images, scd_scene_motion_explains() tells a transition's change
 * (scd-scene-transition.c) from motion: whole shifts, refined to a
 * fraction of a pixel, and zooms about the centre.
 */
#include <math.h>
#include <string.h>

#include "scd-scene-imager.h"
#include "scd-scene-motion.h"
#include "scd-scene-score.h"
#include "scd-scene-tuning.h"

#include <libavutil/pixfmt.h>

/* Each row's (or column's) profile is kept for SCD_SCENE_STRIPS parts of it, of
 * SCD_SCENE_STRIP_SAMPLES samples each: text lines look alike as a whole, less so
 * part by part, so a scroll by some lines is not mistaken for another. */
/* At least this fraction of the picture must be in both frames (min-overlap).
 *
 * A shift must explain the profiles at least this much better than none (min-gain).
 *
 * Shifts up to this share of the picture, and at least min-jitter
 * pixels, are jitter (jitter-share, min-jitter).
 *
 * Two profile cells match within this many levels (a cell is the mean of
 * SCD_SCENE_STRIP_SAMPLES samples, so coding noise mostly averages out) (cell-match).
 *
 * Two samples match within this many levels: anti-aliased text, coded at
 * a usual quality, comes back this close after a scroll (sample-match).
 *
 * Samples of the scrolled share, at most, across and down (grid-columns, grid-rows).
 *
 * SCD_SCENE_BLOCK_COLUMNS grid columns are taken together to find where a
 * scrolled page starts and ends. */

static gboolean
has_8bit_luma (const AVFrame *frame)
{
  return scd_scene_imager_reads (frame->format);
}

/* Mean luma of each part of each row (@rows) or column: SCD_SCENE_STRIPS values
 * per line, one after the other. Each cell adds its samples in the same
 * order however the loops run, so the floats come out the same. */
static float *
profile (const AVFrame *frame, gboolean rows)
{
  enum
  {
    SAMPLES = SCD_SCENE_STRIPS * SCD_SCENE_STRIP_SAMPLES
  };
  int n = rows ? frame->height : frame->width;
  int across = rows ? frame->width : frame->height;
  float *out = g_new0 (float, (gsize) n *SCD_SCENE_STRIPS);
  gsize at[SAMPLES];

  for (int k = 0; k < SAMPLES; k++)
    at[k] = (gsize) ((2 * k + 1) * (gint64) across / (2 * SAMPLES));

  if (rows)
    for (int i = 0; i < n; i++)
      {
        const guint8 *line = frame->data[0] + (gsize) i * frame->linesize[0];
        float *cells = out + (gsize) i * SCD_SCENE_STRIPS;

        for (int k = 0; k < SAMPLES; k++)
          cells[k / SCD_SCENE_STRIP_SAMPLES] += (float) line[at[k]] / SCD_SCENE_STRIP_SAMPLES;
      }
  else
    /* A line at a time through the frame's memory, not down each column. */
    for (int k = 0; k < SAMPLES; k++)
      {
        const guint8 *line = frame->data[0] + at[k] * frame->linesize[0];

        for (int i = 0; i < n; i++)
          out[(gsize) i * SCD_SCENE_STRIPS + k / SCD_SCENE_STRIP_SAMPLES] +=
              (float) line[i] / SCD_SCENE_STRIP_SAMPLES;
      }
  return out;
}

/* Mean absolute difference of line i of @p and line i + d of @q over
 * their overlap; at least @give_up (or G_MAXDOUBLE) as soon as it is sure
 * to be no less than that: the terms are not negative, so the sum only
 * grows. */
static double
profile_distance (const float *p, const float *q, int n, int d, double give_up)
{
  int first = MAX (0, -d), last = MIN (n, n - d);
  double sum = 0.0;

  if (last <= first)
    return G_MAXDOUBLE;
  for (int line = first; line < last; line++)
    {
      gsize i = (gsize) line * SCD_SCENE_STRIPS;

      for (int k = 0; k < SCD_SCENE_STRIPS; k++, i++)
        sum += fabsf (p[i] - q[i + (gssize) d * SCD_SCENE_STRIPS]);
      if ((line & 15) == 15 && sum / (last - first) >= give_up)
        return sum / (last - first);
    }
  return sum / (last - first);
}

/* profile_distance() of the SHIFTS_AT_ONCE shifts from @d0 on, each with
 * its own @give_up, into @out: the lines all of them overlap are read
 * once for all, and the sums, each still added line by line in order, do
 * not wait on each other. */
#define SHIFTS_AT_ONCE 4

static void
profile_distances (const float *p,
                   const float *q,
                   int n,
                   int d0,
                   const double *give_up,
                   double *out)
{
  int first[SHIFTS_AT_ONCE], last[SHIFTS_AT_ONCE];
  double sum[SHIFTS_AT_ONCE] = { 0.0 };
  gboolean done[SHIFTS_AT_ONCE] = { FALSE };
  int common_first = 0, common_last = n, left = SHIFTS_AT_ONCE;

  for (int s = 0; s < SHIFTS_AT_ONCE; s++)
    {
      first[s] = MAX (0, -(d0 + s));
      last[s] = MIN (n, n - (d0 + s));
      common_first = MAX (common_first, first[s]);
      common_last = MIN (common_last, last[s]);
    }
  if (common_last - common_first < 16)
    {
      for (int s = 0; s < SHIFTS_AT_ONCE; s++)
        out[s] = profile_distance (p, q, n, d0 + s, give_up[s]);
      return;
    }

  /* Each shift's lines before the common ones... */
  for (int s = 0; s < SHIFTS_AT_ONCE; s++)
    for (gsize i = (gsize) first[s] * SCD_SCENE_STRIPS; i < (gsize) common_first * SCD_SCENE_STRIPS;
         i++)
      sum[s] += fabsf (p[i] - q[i + (gssize) (d0 + s) * SCD_SCENE_STRIPS]);

  /* ...the common ones... */
  for (int line = common_first; line < common_last; line++)
    {
      const float *pl = p + (gsize) line * SCD_SCENE_STRIPS;
      const float *ql = q + (gssize) (line + d0) * SCD_SCENE_STRIPS;

      for (int s = 0; s < SHIFTS_AT_ONCE; s++)
        for (int k = 0; k < SCD_SCENE_STRIPS; k++)
          sum[s] += fabsf (pl[k] - ql[s * SCD_SCENE_STRIPS + k]);
      if ((line & 15) != 15)
        continue;
      for (int s = 0; s < SHIFTS_AT_ONCE; s++)
        if (!done[s] && sum[s] / (last[s] - first[s]) >= give_up[s])
          {
            out[s] = sum[s] / (last[s] - first[s]);
            done[s] = TRUE;
            left--;
          }
      if (left == 0)
        return;
    }

  /* ...and its lines after them. */
  for (int s = 0; s < SHIFTS_AT_ONCE; s++)
    {
      if (done[s])
        continue;
      for (gsize i = (gsize) common_last * SCD_SCENE_STRIPS; i < (gsize) last[s] * SCD_SCENE_STRIPS;
           i++)
        sum[s] += fabsf (p[i] - q[i + (gssize) (d0 + s) * SCD_SCENE_STRIPS]);
      out[s] = sum[s] / (last[s] - first[s]);
    }
}

/* Running sums of a profile's cells down its lines: the cells of lines
 * [a, b) add up to sums[b] - sums[a], cell by cell (SCD_SCENE_STRIPS to
 * a line, as in the profile). */
static double *
profile_sums (const float *p, int n)
{
  double *sums = g_new (double, (gsize) (n + 1) * SCD_SCENE_STRIPS);

  for (int k = 0; k < SCD_SCENE_STRIPS; k++)
    sums[k] = 0.0;
  for (gsize i = 0; i < (gsize) n * SCD_SCENE_STRIPS; i++)
    sums[i + SCD_SCENE_STRIPS] = sums[i] + p[i];
  return sums;
}

/* Whether profile_distance (p, q, n, d) is sure to be more than @limit,
 * from the running sums @ps and @qs alone: over a block of @block lines,
 * the difference of the sums is no more than the sum of the differences,
 * so the blocks' differences add up to no more than the distance. The
 * margin covers the rounding of both sums, so a shift this rules out is
 * one whose distance, as profile_distance() adds it up, is above @limit. */
static gboolean
distance_beyond (const double *ps, const double *qs, int n, int d, int block, double limit)
{
  int first = MAX (0, -d), last = MIN (n, n - d);
  double bound = 0.0;

  if (last <= first)
    return TRUE;
  for (int a = first; a < last; a += block)
    {
      int b = MIN (a + block, last);
      const double *pa = ps + (gsize) a * SCD_SCENE_STRIPS, *pb = ps + (gsize) b * SCD_SCENE_STRIPS;
      const double *qa = qs + (gssize) (a + d) * SCD_SCENE_STRIPS;
      const double *qb = qs + (gssize) (b + d) * SCD_SCENE_STRIPS;

      for (int k = 0; k < SCD_SCENE_STRIPS; k++)
        bound += fabs ((pb[k] - pa[k]) - (qb[k] - qa[k]));
    }
  return bound / (last - first) > limit * (1.0 + 1e-6) + 1e-6;
}

/* Whether shift @d cannot match better than @limit: a coarse bound
 * first, then a finer one, each a small part of summing the shift. */
#define COARSE_LINES 64
#define FINE_LINES 8

static gboolean
shift_ruled_out (const double *ps, const double *qs, int n, int d, double limit)
{
  return distance_beyond (ps, qs, n, d, COARSE_LINES, limit)
         || distance_beyond (ps, qs, n, d, FINE_LINES, limit);
}

/* A far shift must explain the change well, or any two pictures would
 * line up somewhere. A jitter of a few lines is what a camera does all
 * the time and cannot line up anything far off, so it is taken whenever
 * it matches better than none: on sharp edges it moves a sample from one
 * side to the other, which the score would count as a change.
 *
 * Shifts are summed SHIFTS_AT_ONCE at a time, each giving up at the best
 * distance before the group: never lower than the one it is compared
 * with, which only falls, so the choice is the one shift by shift. A
 * shift whose distance the running sums show to be above that is not
 * summed at all (shift_ruled_out()): it would not have been taken. */
static int
best_shift (const float *p, const float *q, int n)
{
  int max_shift = (int) (n * (1.0 - scd_tune (SCD_TUNE_MIN_OVERLAP)));
  int max_jitter = MAX (scd_tune_int (SCD_TUNE_MIN_JITTER),
                        (int) (n * scd_tune (SCD_TUNE_JITTER_SHARE)));
  double still = profile_distance (p, q, n, 0, G_MAXDOUBLE);
  double best_distance = still, jitter_distance = still;
  g_autofree double *ps = profile_sums (p, n);
  g_autofree double *qs = profile_sums (q, n);
  int best = 0, jitter = 0;

  for (int d0 = -max_shift; d0 <= max_shift; d0 += SHIFTS_AT_ONCE)
    {
      int count = MIN (SHIFTS_AT_ONCE, max_shift - d0 + 1);
      double give_up[SHIFTS_AT_ONCE], distances[SHIFTS_AT_ONCE];
      gboolean ruled_out[SHIFTS_AT_ONCE];
      int summed = 0;

      /* No shift is taken at a distance equal to the best so far: one
       * that will not be less is not worth summing to the end. */
      for (int s = 0; s < count; s++)
        {
          give_up[s] = ABS (d0 + s) <= max_jitter ? jitter_distance : best_distance;
          ruled_out[s] = shift_ruled_out (ps, qs, n, d0 + s, give_up[s]);
          summed += !ruled_out[s];
        }
      if (summed == 0)
        continue;
      if (count == SHIFTS_AT_ONCE && summed == SHIFTS_AT_ONCE)
        profile_distances (p, q, n, d0, give_up, distances);
      else
        for (int s = 0; s < count; s++)
          distances[s] = ruled_out[s] ? G_MAXDOUBLE
                                      : profile_distance (p, q, n, d0 + s, give_up[s]);

      for (int s = 0; s < count; s++)
        {
          int d = d0 + s;

          if (distances[s] < best_distance)
            {
              best_distance = distances[s];
              best = d;
            }
          if (ABS (d) <= max_jitter && distances[s] < jitter_distance)
            {
              jitter_distance = distances[s];
              jitter = d;
            }
        }
    }
  return best_distance < scd_tune (SCD_TUNE_MIN_GAIN) * still ? best : jitter;
}

/* Four cells, compared at once (GCC's and Clang's vector extensions,
 * SSE2 on x86-64 and NEON on ARM, plain code elsewhere). */
typedef float Cells __attribute__ ((vector_size (16)));
typedef gint32 CellCounts __attribute__ ((vector_size (16)));
#define CELLS_AT_ONCE ((gsize) (sizeof (Cells) / sizeof (float)))

/* How many cells of @changed[from, to) match @p's cells @shift further on
 * within @match: -match <= a - b <= match, which is fabsf (a - b) <= match
 * (false for NAN either way). */
static gsize
count_matching (const float *changed,
                const float *p,
                gsize from,
                gsize to,
                gssize shift,
                float match)
{
  Cells high = { match, match, match, match }, low = -high;
  CellCounts counts = { 0 };
  gsize count = 0, i = from;

  for (; i + CELLS_AT_ONCE <= to; i += CELLS_AT_ONCE)
    {
      Cells a, b, d;

      memcpy (&a, changed + i, sizeof a);
      memcpy (&b, p + i + shift, sizeof b);
      d = a - b;
      /* A comparison gives -1 in each lane where it holds. */
      counts -= (d <= high) & (d >= low);
    }
  for (gsize k = 0; k < CELLS_AT_ONCE; k++)
    count += (gsize) counts[k];
  for (; i < to; i++)
    count += fabsf (changed[i] - p[i + shift]) <= match;
  return count;
}

/* The shift, 0 for none, under which line i of @q matches line i + d of
 * @p in the most cells that do not match with no shift. Only those cells
 * count, each shift against its own overlap.
 *
 * On a cut nearly every cell changed, and every shift up to half the
 * picture is tried: the count runs over every cell of the overlap, with
 * the cells that did not change set to NAN, which matches nothing (a
 * comparison with NAN is false), rather than over a list of the changed
 * ones with a test of each: 1.1 ms a 1080p cut rather than 5.1, 4.6 ms a
 * 2160p one rather than 20 (the shifts go with the height, and so do the
 * cells of each). */
static int
most_explaining_shift (const float *p, const float *q, int n)
{
  int max_shift = (int) (n * (1.0 - scd_tune (SCD_TUNE_MIN_OVERLAP)));
  float match = (float) scd_tune (SCD_TUNE_CELL_MATCH);
  gsize cells = (gsize) n * SCD_SCENE_STRIPS;
  g_autofree float *changed = g_new (float, cells);
  gsize best_count = 0;
  int best = 0;

  for (gsize i = 0; i < cells; i++)
    changed[i] = fabsf (q[i] - p[i]) > match ? q[i] : NAN;

  for (int d = -max_shift; d <= max_shift; d++)
    {
      gsize from = (gsize) MAX (0, -d) * SCD_SCENE_STRIPS;
      gsize to = (gsize) MIN (n, n - d) * SCD_SCENE_STRIPS;
      gsize count;

      if (d == 0)
        continue;
      count = count_matching (changed, p, from, to, (gssize) d * SCD_SCENE_STRIPS, match);
      if (count > best_count)
        {
          best_count = count;
          best = d;
        }
    }
  return best;
}

static inline guint8
luma_at (const AVFrame *frame, int x, int y)
{
  return frame->data[0][(gsize) y * frame->linesize[0] + x];
}

typedef enum
{
  POINT_STILL,
  POINT_MOVED,   /* both ways */
  POINT_CAME,    /* it shows what was @d lines further */
  POINT_WENT,    /* what it showed went @d lines back */
  POINT_CHANGED, /* neither */
} PointState;

/* The chroma of the point (x, y) of @frame, in a layout
 * scd_scene_imager_reads(). */
static void
chroma_at (const AVFrame *frame, int x, int y, int *u, int *v)
{
  switch (frame->format)
    {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
      x /= 2;
      y /= 2;
      break;
    case AV_PIX_FMT_YUV422P:
    case AV_PIX_FMT_YUVJ422P:
      x /= 2;
      break;
    case AV_PIX_FMT_NV12:
      *u = frame->data[1][(gsize) (y / 2) * frame->linesize[1] + (x / 2) * 2];
      *v = frame->data[1][(gsize) (y / 2) * frame->linesize[1] + (x / 2) * 2 + 1];
      return;
    case AV_PIX_FMT_YUV444P:
    case AV_PIX_FMT_YUVJ444P:
      break;
    default:
      *u = *v = 128;
      return;
    }
  *u = frame->data[1][(gsize) y * frame->linesize[1] + x];
  *v = frame->data[2][(gsize) y * frame->linesize[2] + x];
}

/* Whether (ax, ay) of @a and (bx, by) of @b show the same: lightness and
 * colour within sample-match levels. */
static gboolean
same_point (const AVFrame *a, int ax, int ay, const AVFrame *b, int bx, int by)
{
  int match = scd_tune_int (SCD_TUNE_SAMPLE_MATCH);
  int au, av, bu, bv;

  if (ABS ((int) luma_at (a, ax, ay) - (int) luma_at (b, bx, by)) > match)
    return FALSE;
  chroma_at (a, ax, ay, &au, &av);
  chroma_at (b, bx, by, &bu, &bv);
  return ABS (au - bu) <= match && ABS (av - bv) <= match;
}

/* How the point (x, y) fared between the frames (same_point()): still,
 * or changed and moved by @d both ways (the current picture shows the
 * previous point @d lines down, and the previous point shows in the
 * current @d lines up), one way only, or neither. A change of colour
 * alone is a change: a scroll moves colours with the lines.
 *
 * A scrolled page is moved in the middle. The lines it scrolled over its
 * edge leave points that came only, on the side it scrolled to, and the
 * lines it brought into view points that went only, on the other. A new
 * page on a plain background has points that came, or went, wherever
 * background falls on background, and points changed, everywhere. */
static PointState
point_state (const AVFrame *previous, const AVFrame *current, int x, int y, int d)
{
  gboolean came, went;

  if (same_point (current, x, y, previous, x, y))
    return POINT_STILL;
  came = y + d >= 0 && y + d < current->height && same_point (current, x, y, previous, x, y + d);
  went = y - d >= 0 && y - d < current->height && same_point (previous, x, y, current, x, y - d);
  return came && went ? POINT_MOVED : came ? POINT_CAME : went ? POINT_WENT : POINT_CHANGED;
}

/* Counts, in one block of columns (@n columns of @state, a row every
 * @stride), the points that moved and those that changed. The page is
 * about the middle moved row: points that came on the side it scrolled to
 * (towards lower rows when @d > 0), and points that went on the other,
 * are its edges and count as neither. */
static void
count_block (const guint8 *state,
             int rows,
             int n,
             gsize stride,
             int d,
             gsize *moved,
             gsize *changed)
{
  gsize n_moved = 0, seen = 0;
  int middle = -1;

  for (int r = 0; r < rows; r++)
    for (int c = 0; c < n; c++)
      n_moved += state[(gsize) r * stride + c] == POINT_MOVED;
  /* The row of the middle one of them, counted in row order. */
  for (int r = 0; r < rows && middle < 0 && n_moved > 0; r++)
    for (int c = 0; c < n; c++)
      if (state[(gsize) r * stride + c] == POINT_MOVED && seen++ == n_moved / 2)
        {
          middle = r;
          break;
        }

  for (int r = 0; r < rows; r++)
    for (int c = 0; c < n; c++)
      {
        PointState st = state[(gsize) r * stride + c];
        int side = middle < 0 ? 0 : (r - middle) * (d > 0 ? 1 : -1);

        if (st == POINT_STILL || (st == POINT_CAME && side < 0) || (st == POINT_WENT && side > 0))
          continue;
        *moved += st == POINT_MOVED;
        (*changed)++;
      }
}

double
scd_scene_motion_scrolled_share (const AVFrame *previous, const AVFrame *current)
{
  g_autofree float *prev_rows = NULL, *cur_rows = NULL;
  g_autofree guint8 *state = NULL;
  int step_x, step_y, columns, rows, d;
  gsize changed = 0, moved = 0;

  if (!has_8bit_luma (previous) || !has_8bit_luma (current) || previous->width != current->width
      || previous->height != current->height || current->width < 16 || current->height < 16)
    return 0.0;

  prev_rows = profile (previous, TRUE);
  cur_rows = profile (current, TRUE);
  d = most_explaining_shift (prev_rows, cur_rows, current->height);
  if (d == 0)
    return 0.0;

  step_x = MAX (1, current->width / scd_tune_int (SCD_TUNE_GRID_COLUMNS));
  step_y = MAX (1, current->height / scd_tune_int (SCD_TUNE_GRID_ROWS));
  columns = current->width / step_x;
  rows = current->height / step_y;
  state = g_new (guint8, (gsize) rows * columns);

  /* Point by point along the frames' lines, which keeps the reads of
   * each line together... */
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < columns; c++)
      state[(gsize) r * columns + c] = point_state (previous, current, c * step_x + step_x / 2,
                                                    r * step_y + step_y / 2, d);

  /* ...then counted in blocks: one column of text has too few points to
   * tell where its page is; a block of them has glyphs on every line. */
  for (int c0 = 0; c0 < columns; c0 += SCD_SCENE_BLOCK_COLUMNS)
    count_block (state + c0, rows, MIN (SCD_SCENE_BLOCK_COLUMNS, columns - c0), columns, d, &moved,
                 &changed);
  return changed > 0 ? (double) moved / (double) changed : 0.0;
}

/* Sets @dx and @dy so that current (x + dx, y + dy) shows what previous
 * (x, y) showed. FALSE when the frames cannot be compared this way. */
gboolean
scd_scene_motion_estimate (const AVFrame *previous, const AVFrame *current, int *dx, int *dy)
{
  g_autofree float *prev_rows = NULL, *cur_rows = NULL, *prev_cols = NULL, *cur_cols = NULL;

  if (!has_8bit_luma (previous) || !has_8bit_luma (current) || previous->width != current->width
      || previous->height != current->height || current->width < 16 || current->height < 16)
    return FALSE;

  prev_rows = profile (previous, TRUE);
  cur_rows = profile (current, TRUE);
  prev_cols = profile (previous, FALSE);
  cur_cols = profile (current, FALSE);
  *dy = best_shift (prev_rows, cur_rows, current->height);
  *dx = best_shift (prev_cols, cur_cols, current->width);
  return TRUE;
}

/* ---- on small images ---- */

/* Mean absolute luma difference of @a at (x, y) and @b at (x + dx, y + dy)
 * over their overlap. */
static double
shifted_difference (const ScdSceneImage *a, const ScdSceneImage *b, int dx, int dy)
{
  int w = (int) a->width, h = (int) a->height;
  guint64 sum = 0;
  gsize count = 0;

  for (int y = MAX (0, -dy); y < MIN (h, h - dy); y++)
    for (int x = MAX (0, -dx); x < MIN (w, w - dx); x++)
      {
        sum += (guint) ABS ((int) a->data[y * w + x] - (int) b->data[(y + dy) * w + x + dx]);
        count++;
      }
  return count > 0 ? (double) sum / count : G_MAXDOUBLE;
}

/* The luma of @image at (@x, @y), between its pixels, read bilinearly;
 * FALSE outside it. */
static gboolean
read_between (const ScdSceneImage *image, double x, double y, double *value)
{
  int w = (int) image->width, ix = (int) floor (x), iy = (int) floor (y);
  double rx = x - ix, ry = y - iy;
  const guint8 *p;

  if (ix < 0 || iy < 0 || ix + 1 >= w || iy + 1 >= (int) image->height)
    return FALSE;
  p = image->data + iy * w + ix;
  *value = (1 - ry) * ((1 - rx) * p[0] + rx * p[1]) + ry * ((1 - rx) * p[w] + rx * p[w + 1]);
  return TRUE;
}

/* Mean absolute luma difference of @a at (x, y) and @b at (x + dx + u,
 * y + dy + v), where the fraction of a pixel (u, v) is what best explains
 * the rest of the difference (one least-squares step on the gradients of
 * @b, as Lucas and Kanade did) and @b is read between its pixels
 * bilinearly. */
static double
subpixel_difference (const ScdSceneImage *a, const ScdSceneImage *b, int dx, int dy)
{
  int w = (int) a->width, h = (int) a->height;
  double sxx = 0, sxy = 0, syy = 0, sxe = 0, sye = 0, det, u, v, sum = 0;
  gsize count = 0;
  /* Where @b is read with a pixel around it. */
  int y0 = MAX (0, 1 - dy), y1 = MIN (h, h - 1 - dy);
  int x0 = MAX (0, 1 - dx), x1 = MIN (w, w - 1 - dx);
  const guint8 *pa = a->data, *pb = b->data;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        int at = (y + dy) * w + x + dx;
        double gx = 0.5 * (pb[at + 1] - pb[at - 1]), gy = 0.5 * (pb[at + w] - pb[at - w]);
        double e = (double) pa[y * w + x] - pb[at];

        sxx += gx * gx;
        sxy += gx * gy;
        syy += gy * gy;
        sxe += gx * e;
        sye += gy * e;
      }
  det = sxx * syy - sxy * sxy;
  /* Flat, or lines all one way: no shift to be found. */
  if (det <= 1e-9 * (sxx + syy) * (sxx + syy))
    return G_MAXDOUBLE;
  u = CLAMP ((syy * sxe - sxy * sye) / det, -1.0, 1.0);
  v = CLAMP ((sxx * sye - sxy * sxe) / det, -1.0, 1.0);

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        double value;

        if (read_between (b, x + dx + u, y + dy + v, &value))
          {
            sum += fabs (pa[y * w + x] - value);
            count++;
          }
      }
  return count > 0 ? sum / count : G_MAXDOUBLE;
}

/* Mean absolute luma difference of @b and @a zoomed in by @zoom about the
 * centre (out, below 1), @a read between its pixels bilinearly. */
static double
zoomed_difference (const ScdSceneImage *a, const ScdSceneImage *b, double zoom)
{
  int w = (int) a->width, h = (int) a->height;
  double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0, sum = 0;
  gsize count = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double value;

        if (read_between (a, cx + (x - cx) / zoom, cy + (y - cy) / zoom, &value))
          {
            sum += fabs (b->data[y * w + x] - value);
            count++;
          }
      }
  return count > 0 ? sum / count : G_MAXDOUBLE;
}

/* Whether @b is mostly @a moved: a pan, however slow, also looks like a
 * mix of its ends when the move is small against the detail. A move of
 * less than a small pixel (a slow drift at full size) most of all: the
 * best whole shift is refined to a fraction of a pixel. A zoom about the
 * centre is motion too. */
gboolean
scd_scene_motion_explains (const ScdSceneImage *a, const ScdSceneImage *b)
{
  double still = scd_scene_luma_distance (a, b), best = still;
  double motion = scd_tune (SCD_TUNE_MOTION_GAIN) * still;
  double zoom_step = scd_tune (SCD_TUNE_ZOOM_STEP);
  int max_shift = scd_tune_int (SCD_TUNE_MAX_SHIFT);
  int best_dx = 0, best_dy = 0;

  for (int dy = -max_shift; dy <= max_shift; dy++)
    for (int dx = -max_shift; dx <= max_shift; dx++)
      {
        double d;

        if (dx == 0 && dy == 0)
          continue;
        d = shifted_difference (a, b, dx, dy);
        if (d < motion)
          return TRUE;
        if (d < best)
          {
            best = d;
            best_dx = dx;
            best_dy = dy;
          }
      }
  if (subpixel_difference (a, b, best_dx, best_dy) < motion)
    return TRUE;
  for (int k = 1; k <= scd_tune_int (SCD_TUNE_MAX_ZOOM_STEPS); k++)
    if (zoomed_difference (a, b, pow (zoom_step, k)) < motion
        || zoomed_difference (a, b, pow (zoom_step, -k)) < motion)
      return TRUE;
  return FALSE;
}
