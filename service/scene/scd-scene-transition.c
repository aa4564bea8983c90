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
 *   with a small residual (scd-scene-blend.c);
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

#include "scd-scene-blend.h"
#include "scd-scene-content.h"
#include "scd-scene-motion.h"
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

/* @reported: whether the scene of @anchor was reported. What was followed
 * and dropped may have been the start of a new scene (a fade through black
 * broken by a step that looked like a cut); it is not known to be the
 * scene reported last. */
static void
restart (ScdSceneTransition *transition, const ScdSceneImage *anchor, gboolean reported)
{
  scd_scene_image_copy_into (&transition->anchor, anchor);
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

/* The frame at ring position @i becomes the anchor; the frames after it
 * stay, measured against it when needed (measure()). */
static void
move_anchor (ScdSceneTransition *transition, guint i)
{
  scd_scene_image_copy_into (&transition->anchor, entry (transition, i)->image);
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
      e->distance = scd_scene_luma_distance (transition->anchor, e->image);
      e->anchor = transition->anchor_serial;
    }
  return e;
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

  if (scd_scene_motion_explains (transition->anchor, last->image))
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

/* Whether @image, the end of a change followed from the anchor, left
 * most of what the anchor showed in place (scd-scene-content.c): less
 * than transition-went-share of its detail went. */
static gboolean
added_to_anchor (ScdSceneTransition *transition, const ScdSceneImage *image)
{
  ScdSceneContentChange change;

  scd_scene_content_change (transition->anchor, image, &change);
  return change.went < scd_tune (SCD_TUNE_TRANSITION_WENT_SHARE);
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
  scd_scene_image_copy_into (&e->image, image);
  e->timestamp = timestamp;
  e->anchor = transition->anchor_serial - 1;
  e->step = scd_scene_luma_distance (before, image);
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
  return scd_scene_luma_distance (before, image) <= scd_tune (SCD_TUNE_CUT_STEP) * largest;
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
      || (best->distance
              < scd_tune (SCD_TUNE_MOTION_AFTER) * scd_scene_luma_distance (best->image, e->image)
          && !scd_scene_image_is_flat (transition->anchor)))
    {
      restart (transition, image, FALSE);
      return SCD_TRANSITION_DROP;
    }
  /* A camera adjusting its exposure while a car drives through: the end
   * is the start lit otherwise, over most of the picture. */
  if (!scd_scene_image_is_flat (transition->anchor) && !scd_scene_image_is_flat (best->image)
      && scd_scene_relit_share (transition->anchor, best->image)
             >= scd_tune (SCD_TUNE_RELIT_TRANSITION_SHARE))
    {
      restart (transition, image, FALSE);
      return SCD_TRANSITION_DROP;
    }
  /* A hand reaching in, a person walking into a still shot: the end still
   * shows most of what the start showed. A fade or a dissolve replaces
   * it all. */
  if (added_to_anchor (transition, best->image))
    {
      restart (transition, image, FALSE);
      return SCD_TRANSITION_DROP;
    }
  *score = best->from_anchor;
  move_anchor (transition, transition->best);
  transition->reported = TRUE;
  return SCD_TRANSITION_DONE;
}
