/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A fade or a dissolve changes every frame a little, so no frame stands
 * out and scd-scene-decision.c never sees a cut. Instead each frame is
 * also compared with an anchor: the first frame of the current scene.
 * When a frame has drifted from the anchor by the threshold, the frames
 * in between tell what happened:
 *
 * - in a fade or a dissolve, every frame in between is a mix of the
 *   anchor, the new frame and a flat colour (black, for a fade through
 *   black): middle ≈ α·anchor + β·new + γ, which a least-squares fit finds
 *   with a small residual (scd_scene_blend_residual());
 * - a pan, a zoom, an object crossing, typing or scrolling move things
 *   about: no mix of the two ends explains the frames in between. A slow
 *   pan is the exception (a small move is close to a mix), so a change
 *   that a shift of the anchor explains is not a transition either;
 * - a cut or a flash makes the whole change in one frame.
 *
 * Mixes are checked on two frames, a third and two thirds of the way
 * through the change. A transition found is followed until the change
 * stops growing for settle-seconds; its last growing frame (the first of
 * the new scene) is reported, with its score against the anchor, and
 * becomes the anchor. A fade through black is two transitions: the first
 * ends on a flat picture, which is not reported but becomes the anchor of
 * the second. Anything else moves the anchor to the frame just seen.
 *
 * The scenes on either side may move on their own, so:
 *
 * - "growing" means moving away from the anchor about as fast as lately:
 *   a new scene that moves goes no further from the anchor, however fast;
 * - while it is followed, a change is only checked for what shows early
 *   (a shift, a cut, a brightening): until it is large, the old scene's
 *   own motion hides whether it is a mix. The mix is checked once, on
 *   the whole;
 * - a scene that keeps changing (water, a crowd) looks like a short
 *   transition from any of its frames: what it does on its own just
 *   after a transition must be well below the transition's change.
 */
#include <math.h>
#include <string.h>

#include "scd-scene-transition.h"
#include "scd-scene-tuning.h"

/* Frames kept since the anchor: a transition longer than
 * SCD_SCENE_RING_SIZE frames (2 s at 60 fps) is followed no further.
 *
 * The most a fit may leave unexplained, as a share of the change (max-residual).
 *
 * No single frame may make more than this share of the change (max-step-share).
 *
 * Shifts tried, in small pixels either way, and how much better than no
 * shift one must match for the change to be motion (max-shift, motion-gain).
 *
 * Zooms tried, in and out: powers of zoom-step, up to about 1.8 times (zoom-step, max-zoom-steps).
 *
 * A transition has ended when its change has not grown for this long;
 * the change must be this many times what the scene after it did on its
 * own meanwhile (settle-seconds, settle-frames, motion-after).
 *
 * A frame is the transition's end so far if, since the frame held, it
 * moved away from the anchor at least this share of the recent pace;
 * each frame held weighs pace-weight in that pace (pace-kept, pace-weight).
 *
 * A step bigger than this many times the mean step of the transition
 * followed is a cut, not a step of it; so is one that is not mostly one
 * way in brightness (cut-step, fade-brightness-share).
 *
 * While nothing is followed the anchor is this many frames back (anchor-lag).
 *
 * A transition moves this far at least (luma_distance(), in levels) (min-distance).
 *
 * Frames a change must have gone on before it is judged (min-frames).
 *
 * A change of exposure or light keeps the picture within this factor of
 * its brightness; a picture brightened more was a faint trace of the new
 * scene, fading in (max-relit-gain). */

typedef struct
{
  ScdSceneImage *image;
  double timestamp;
  double from_anchor; /* score against the anchor */
  double distance;    /* luma_distance() from the anchor */
  guint anchor;       /* the anchor they were measured against */
  double step;        /* luma_distance() from the frame before */
} Entry;

struct _ScdSceneTransition
{
  ScdSceneImage *anchor;
  guint anchor_serial;
  gboolean after_fade_out; /* the anchor is the flat end of a fade out */
  gboolean reported;       /* the anchor's scene was reported */
  Entry ring[SCD_SCENE_RING_SIZE];
  guint first, length;
  gboolean following;
  guint best;        /* ring position of the held frame */
  guint since_best;  /* frames since */
  guint since_start; /* frames since the change reached the threshold */
  double checked;    /* distance when last checked */
  double pace;       /* recent growth of the distance, per frame */
};

ScdSceneTransition *
scd_scene_transition_new (void)
{
  return g_new0 (ScdSceneTransition, 1);
}

void
scd_scene_transition_free (ScdSceneTransition *transition)
{
  if (transition == NULL)
    return;
  scd_scene_image_free (transition->anchor);
  for (guint i = 0; i < SCD_SCENE_RING_SIZE; i++)
    scd_scene_image_free (transition->ring[i].image);
  g_free (transition);
}

static Entry *
entry (ScdSceneTransition *transition, guint i)
{
  return &transition->ring[(transition->first + i) % SCD_SCENE_RING_SIZE];
}

static void
copy_image (ScdSceneImage **dst, const ScdSceneImage *src)
{
  gsize size = scd_scene_image_luma_size (src) + 2 * scd_scene_image_chroma_size (src);

  if (*dst == NULL || (*dst)->width != src->width || (*dst)->height != src->height)
    {
      scd_scene_image_free (*dst);
      *dst = scd_scene_image_new (src->width, src->height);
    }
  memcpy ((*dst)->data, src->data, size);
}

/* @reported: whether the scene of @anchor was reported. What was followed
 * and dropped may have been the start of a new scene (a fade through black
 * broken by a step that looked like a cut); it is not known to be the
 * scene reported last. */
static void
restart (ScdSceneTransition *transition, const ScdSceneImage *anchor, gboolean reported)
{
  copy_image (&transition->anchor, anchor);
  transition->anchor_serial++;
  transition->after_fade_out = FALSE;
  transition->reported = reported;
  transition->first = 0;
  transition->length = 0;
  transition->following = FALSE;
}

/* @anchor starts the scene just reported. */
void
scd_scene_transition_restart (ScdSceneTransition *transition, const ScdSceneImage *anchor)
{
  restart (transition, anchor, TRUE);
}

/* Mean absolute difference of luma, in video levels: fades and dissolves
 * mix video levels linearly, so in this measure they go at an even pace. */
static double
luma_distance (const ScdSceneImage *a, const ScdSceneImage *b)
{
  gsize n = scd_scene_image_luma_size (a);
  guint64 sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (guint) ABS ((int) a->data[i] - (int) b->data[i]);
  return (double) sum / n;
}

/* The frame at ring position @i becomes the anchor; the frames after it
 * stay, measured against it when needed (measure()). */
static void
move_anchor (ScdSceneTransition *transition, guint i)
{
  copy_image (&transition->anchor, entry (transition, i)->image);
  transition->anchor_serial++;
  transition->after_fade_out = FALSE;
  transition->first = (transition->first + i + 1) % SCD_SCENE_RING_SIZE;
  transition->length -= i + 1;
  transition->following = FALSE;
}

static Entry *
measure (ScdSceneTransition *transition, guint i)
{
  Entry *e = entry (transition, i);

  if (e->anchor != transition->anchor_serial)
    {
      e->from_anchor = scd_scene_score (transition->anchor, e->image);
      e->distance = luma_distance (transition->anchor, e->image);
      e->anchor = transition->anchor_serial;
    }
  return e;
}

/* Solves the 3x3 system @m x = @v in place (Gaussian elimination with
 * partial pivoting); FALSE if it is singular. */
static gboolean
solve3 (double m[3][3], double v[3], double x[3])
{
  for (int c = 0; c < 3; c++)
    {
      int pivot = c;

      for (int r = c + 1; r < 3; r++)
        if (fabs (m[r][c]) > fabs (m[pivot][c]))
          pivot = r;
      if (fabs (m[pivot][c]) < 1e-9)
        return FALSE;
      for (int k = 0; k < 3; k++)
        {
          double t = m[c][k];

          m[c][k] = m[pivot][k];
          m[pivot][k] = t;
        }
      {
        double t = v[c];

        v[c] = v[pivot];
        v[pivot] = t;
      }
      for (int r = c + 1; r < 3; r++)
        {
          double f = m[r][c] / m[c][c];

          for (int k = c; k < 3; k++)
            m[r][k] -= f * m[c][k];
          v[r] -= f * v[c];
        }
    }
  for (int r = 2; r >= 0; r--)
    {
      double sum = v[r];

      for (int k = r + 1; k < 3; k++)
        sum -= m[r][k] * x[k];
      x[r] = sum / m[r][r];
    }
  return TRUE;
}

/* How much of @middle no mix α·from + β·to + γ explains: the mean
 * absolute residual of the best least-squares fit on luma, as a share of
 * the mean absolute difference between @from and @to. 0 for an exact mix;
 * 1 (or more) when the mix explains nothing. */
double
scd_scene_blend_residual (const ScdSceneImage *from,
                          const ScdSceneImage *middle,
                          const ScdSceneImage *to)
{
  gsize n = scd_scene_image_luma_size (middle);
  double m[3][3] = { { 0 } }, v[3] = { 0 }, x[3] = { 0 };
  double change = 0.0, residual = 0.0, ridge;

  g_return_val_if_fail (from->width == middle->width && to->width == middle->width, 1.0);
  g_return_val_if_fail (from->height == middle->height && to->height == middle->height, 1.0);

  for (gsize i = 0; i < n; i++)
    {
      double a = from->data[i], b = to->data[i], c = middle->data[i];

      m[0][0] += a * a;
      m[0][1] += a * b;
      m[0][2] += a;
      m[1][1] += b * b;
      m[1][2] += b;
      v[0] += a * c;
      v[1] += b * c;
      v[2] += c;
      change += fabs (a - b);
    }
  change /= n;
  if (change < 1.0)
    return 1.0;
  m[1][0] = m[0][1];
  m[2][0] = m[0][2];
  m[2][1] = m[1][2];
  m[2][2] = n;

  /* A flat end (black) makes the system singular: a small ridge picks
   * one of the equally good fits. */
  ridge = 1e-6 * (m[0][0] + m[1][1] + m[2][2]);
  for (int k = 0; k < 3; k++)
    m[k][k] += ridge;
  if (!solve3 (m, v, x))
    return 1.0;

  for (gsize i = 0; i < n; i++)
    residual += fabs (middle->data[i] - (x[0] * from->data[i] + x[1] * to->data[i] + x[2]));
  return residual / n / change;
}

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
static gboolean
is_motion (const ScdSceneImage *a, const ScdSceneImage *b)
{
  double still = luma_distance (a, b), best = still;
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

/* The first frame (after the anchor, up to @end) whose change from the
 * anchor reaches @level; -1 if none. */
static int
first_reaching (ScdSceneTransition *transition, guint end, double level)
{
  for (guint i = 0; i < end; i++)
    if (measure (transition, i)->distance >= level)
      return (int) i;
  return -1;
}

/* Whether the frames up to @end went from the anchor to it gradually,
 * as a mix. */
static gboolean
looks_like_transition (ScdSceneTransition *transition, guint end, gboolean whole)
{
  Entry *last = measure (transition, end);
  double change = last->distance;
  int third, two_thirds;

  for (guint i = 0; i <= end; i++)
    if (entry (transition, i)->step > scd_tune (SCD_TUNE_MAX_STEP_SHARE) * change)
      return FALSE;

  if (is_motion (transition->anchor, last->image))
    return FALSE;

  /* Early in a fade to a darker scene the picture only looks darker:
   * whether it was relit shows on the whole. The scene reported last made
   * brighter is the same scene, however much; a picture not known to be it
   * was a faint trace of a scene fading in if it brightened a lot. */
  if (!whole)
    return TRUE;
  if (!transition->after_fade_out)
    {
      double gain = scd_scene_relit_gain (transition->anchor, last->image);

      if (gain > 0.0 && (transition->reported || gain <= scd_tune (SCD_TUNE_MAX_RELIT_GAIN)))
        return FALSE;
    }

  third = first_reaching (transition, end, change / 3.0);
  two_thirds = first_reaching (transition, end, 2.0 * change / 3.0);
  if (third < 0 || two_thirds < 0)
    return FALSE;
  return scd_scene_blend_residual (transition->anchor, entry (transition, third)->image,
                                   last->image)
             <= scd_tune (SCD_TUNE_MAX_RESIDUAL)
         && scd_scene_blend_residual (transition->anchor, entry (transition, two_thirds)->image,
                                      last->image)
                <= scd_tune (SCD_TUNE_MAX_RESIDUAL);
}

static Entry *
push (ScdSceneTransition *transition, const ScdSceneImage *image, double timestamp)
{
  const ScdSceneImage *before = transition->length > 0
                                    ? entry (transition, transition->length - 1)->image
                                    : transition->anchor;
  Entry *e;

  if (transition->length == SCD_SCENE_RING_SIZE)
    {
      transition->first = (transition->first + 1) % SCD_SCENE_RING_SIZE;
      transition->length--;
      if (transition->following)
        transition->best--;
    }
  e = entry (transition, transition->length++);
  copy_image (&e->image, image);
  e->timestamp = timestamp;
  e->anchor = transition->anchor_serial - 1;
  e->step = luma_distance (before, image);
  return measure (transition, transition->length - 1);
}

/* Whether @image, the frame about to be taken, is one more step of the
 * fade followed: it gets brighter or darker all over, by no more video
 * levels than the biggest step followed did (not their mean: following
 * may have begun while the scene before still moved a little). Lightness
 * is perceived on a curve, so at a low frame rate the last step of a fade
 * to black (or the first out of it) stands out from the frames before as
 * a cut would, though in video levels it is a step like the others. */
gboolean
scd_scene_transition_continues (ScdSceneTransition *transition, const ScdSceneImage *image)
{
  const ScdSceneImage *before;
  double largest = 0.0;

  if (!transition->following || transition->length == 0)
    return FALSE;
  before = entry (transition, transition->length - 1)->image;
  if (before->width != image->width || before->height != image->height
      || scd_scene_brightness_share (before, image) < scd_tune (SCD_TUNE_FADE_BRIGHTNESS_SHARE))
    return FALSE;
  for (guint i = transition->length - 1 - MIN (transition->since_start, transition->length - 1);
       i < transition->length; i++)
    largest = MAX (largest, entry (transition, i)->step);
  return luma_distance (before, image) <= scd_tune (SCD_TUNE_CUT_STEP) * largest;
}

/* @score is set on HOLD and DONE: the change of the frame held from the
 * anchor. After DONE the frame held is the new anchor. */
ScdTransitionStep
scd_scene_transition_take (ScdSceneTransition *transition,
                           const ScdSceneImage *image,
                           double timestamp,
                           double threshold,
                           double *score)
{
  Entry *e, *best;
  double growth;

  if (transition->anchor == NULL || transition->anchor->width != image->width
      || transition->anchor->height != image->height)
    {
      gboolean was_following = transition->following;

      restart (transition, image, FALSE);
      return was_following ? SCD_TRANSITION_DROP : SCD_TRANSITION_NOTHING;
    }

  /* Too long to be a transition, or it started before the ring. */
  if (transition->length == SCD_SCENE_RING_SIZE
      && (!transition->following || transition->best == 0))
    {
      gboolean was_following = transition->following;

      restart (transition, image, FALSE);
      return was_following ? SCD_TRANSITION_DROP : SCD_TRANSITION_NOTHING;
    }

  e = push (transition, image, timestamp);

  if (!transition->following)
    {
      if (e->from_anchor < threshold || e->distance < scd_tune (SCD_TUNE_MIN_DISTANCE))
        {
          /* Measure from a recent frame: a slow pan, moving things, must
           * not add up to a transition. */
          if (transition->length > scd_tune_uint (SCD_TUNE_ANCHOR_LAG))
            {
              gboolean after_fade_out = transition->after_fade_out;

              move_anchor (transition,
                           transition->length - 1 - scd_tune_uint (SCD_TUNE_ANCHOR_LAG));
              transition->after_fade_out = after_fade_out
                                           && scd_scene_image_is_flat (transition->anchor);
            }
          return SCD_TRANSITION_NOTHING;
        }
      /* The first frame of a dissolve looks like a small cut: only the
       * frames after tell which it is. */
      transition->following = TRUE;
      transition->best = transition->length - 1;
      transition->since_best = 0;
      transition->since_start = 0;
      transition->checked = e->distance;
      /* Since the anchor, at most anchor-lag frames back: a low guess
       * when the change started later, which the frames held correct. */
      transition->pace = e->distance / transition->length;
      *score = e->from_anchor;
      return SCD_TRANSITION_HOLD;
    }

  best = measure (transition, transition->best);
  transition->since_start++;
  if (e->from_anchor < threshold)
    {
      /* It went back: a flash, or a fade out and in on the same scene. */
      transition->following = FALSE;
      return SCD_TRANSITION_DROP;
    }

  /* A pan goes on and on: look at what is followed each time it has grown
   * by half, once it is a few frames long. */
  if (transition->since_start >= scd_tune_uint (SCD_TUNE_MIN_FRAMES)
      && e->distance >= 1.5 * transition->checked)
    {
      transition->checked = e->distance;
      if (!looks_like_transition (transition, transition->length - 1, FALSE))
        {
          restart (transition, image, FALSE);
          return SCD_TRANSITION_DROP;
        }
    }

  /* Still growing, and nearly as fast as it did lately: after a dissolve
   * the new scene may move on its own, but that takes it no further from
   * the anchor, however fast it moves. A frame after a pause (a
   * duplicated frame, the black in the middle of a fade) has to make up
   * for it. The pace is recent, not the mean since the anchor: the
   * distance need not grow evenly (when the scene before moves, its
   * frames soon stop looking like the anchor whatever the mix), and a
   * fade may ease out. */
  growth = (e->distance - best->distance) / (transition->since_best + 1);
  if (e->distance > best->distance + MAX (0.3, 0.02 * best->distance)
      && growth >= scd_tune (SCD_TUNE_PACE_KEPT) * transition->pace)
    {
      transition->pace += scd_tune (SCD_TUNE_PACE_WEIGHT) * (growth - transition->pace);
      transition->best = transition->length - 1;
      transition->since_best = 0;
      *score = e->from_anchor;
      return SCD_TRANSITION_HOLD;
    }

  transition->since_best++;
  if (transition->since_best < scd_tune_uint (SCD_TUNE_SETTLE_FRAMES)
      || e->timestamp - best->timestamp < scd_tune (SCD_TUNE_SETTLE_SECONDS))
    return SCD_TRANSITION_NOTHING;

  transition->following = FALSE;
  /* A fade to black, or at a low frame rate a last step to it that looks
   * like a cut: what comes out of the black is measured from it, and is
   * the next scene, however faint a trace of it (or of the scene before)
   * the black had. */
  if (scd_scene_image_is_flat (best->image))
    {
      move_anchor (transition, transition->best);
      transition->after_fade_out = TRUE;
      return SCD_TRANSITION_DROP;
    }
  /* A scene that keeps changing on its own (water, a crowd, the game of
   * life) soon looks like a short transition from any of its frames; it
   * shows by going on changing nearly as much after. Not from a flat
   * picture, though: there was nothing in it to move. */
  if (!looks_like_transition (transition, transition->best, TRUE)
      || (best->distance < scd_tune (SCD_TUNE_MOTION_AFTER) * luma_distance (best->image, e->image)
          && !scd_scene_image_is_flat (transition->anchor)))
    {
      restart (transition, image, FALSE);
      return SCD_TRANSITION_DROP;
    }
  *score = best->from_anchor;
  move_anchor (transition, transition->best);
  transition->reported = TRUE;
  return SCD_TRANSITION_DONE;
}
