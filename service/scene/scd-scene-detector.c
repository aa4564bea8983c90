/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Puts the pieces together, one frame at a time:
 *
 * - scd-scene-image.c shrinks the frame; scd-scene-score.c scores it
 *   against the frame before;
 * - scd-scene-decision.c says whether that score stands out. If it does,
 *   and the whole picture moved (scd-scene-motion.c: a scroll, a pan, a
 *   jitter), the score is taken again with the motion undone, and must
 *   still stand out; it must change enough of what the picture shows,
 *   and not only draw a box over it (scd-scene-content.c,
 *   scd-scene-box.c, on copies of both frames larger than the small
 *   image); nor may a scroll of part of the picture explain it.
 *   A frame that passes is a candidate: a reference to it is held until
 *   scd-scene-decision.c has seen the frames after it;
 * - scd-scene-transition.c follows fades and dissolves, and says which
 *   frame to hold as the end of one.
 *
 * At most two frames are held beyond the previous one (a candidate cut and
 * the end of a transition), so memory stays flat.
 *
 * Frames may be on the GPU (scd-gpu-frame.c): the small image is made
 * there, and the motion checks, which read whole frames, download the
 * two they compare, only for a frame that stands out.
 */
#include <math.h>

#include "scd-gpu-frame.h"
#include "scd-libav.h"
#include "scd-scene-detector.h"
#include "scd-scene-box.h"
#include "scd-scene-content.h"
#include "scd-scene-imager.h"
#include "scd-scene-score.h"
#include "scd-scene-settle.h"
#include "scd-scene-motion.h"
#include "scd-scene-transition.h"
#include "scd-scene-view.h"

typedef struct
{
  AVFrame *frame; /* NULL when nothing is held */
  double timestamp;
  double score;
} Held;

struct _ScdSceneDetector
{
  ScdSceneKeepFunc func;
  gpointer user_data;
  ScdSceneTraceFunc trace_func;
  gpointer trace_data;

  ScdSceneImager *imager;
  ScdSceneDecision decision;
  ScdSceneTransition *transition;
  ScdSceneSettle *settle;
  ScdSceneImage *previous;
  AVFrame *previous_frame; /* its view (scd-scene-view.c) */
  ScdRegions regions;      /* the regions its view was made with */

  ScdCutCandidate cut;
  Held cut_held;
  ScdSceneImage *before_cut; /* the image of the frame before the candidate */
  Held fade_held;
};

ScdSceneDetector *
scd_scene_detector_new (ScdSceneKeepFunc func, gpointer user_data)
{
  ScdSceneDetector *detector = g_new0 (ScdSceneDetector, 1);

  detector->func = func;
  detector->user_data = user_data;
  detector->imager = scd_scene_imager_new ();
  detector->transition = scd_scene_transition_new ();
  detector->settle = scd_scene_settle_new ();
  detector->previous_frame = av_frame_alloc ();
  scd_scene_decision_init (&detector->decision);
  return detector;
}

static void
release (Held *held)
{
  av_frame_free (&held->frame);
}

void
scd_scene_detector_free (ScdSceneDetector *detector)
{
  if (detector == NULL)
    return;
  release (&detector->cut_held);
  release (&detector->fade_held);
  scd_scene_image_free (detector->before_cut);
  scd_scene_image_free (detector->previous);
  av_frame_free (&detector->previous_frame);
  scd_scene_transition_free (detector->transition);
  scd_scene_settle_free (detector->settle);
  scd_scene_imager_free (detector->imager);
  g_free (detector);
}

void
scd_scene_detector_set_trace_func (ScdSceneDetector *detector,
                                   ScdSceneTraceFunc func,
                                   gpointer user_data)
{
  detector->trace_func = func;
  detector->trace_data = user_data;
}

static void
hold (Held *held, const AVFrame *frame, double timestamp, double score)
{
  release (held);
  held->frame = av_frame_clone (frame);
  held->timestamp = timestamp;
  held->score = score;
}

/* What the measures look at: @frame itself, or its view when regions are
 * set (made into *@owned). NULL when the view cannot be made. */
static const AVFrame *
seen_of (ScdSceneDetector *detector,
         const AVFrame *frame,
         const ScdRegions *regions,
         AVFrame **owned)
{
  if (!scd_regions_any (regions))
    return frame;
  *owned = scd_scene_view_make (detector->imager, frame, regions);
  return *owned;
}

/* A scene starts with @frame: what it shows is followed until it settles. */
static void
restart_settling (ScdSceneDetector *detector, const AVFrame *frame, double timestamp)
{
  g_autoptr (AVFrame) owned = NULL;
  const AVFrame *view = seen_of (detector, frame, &detector->regions, &owned);
  g_autoptr (ScdSceneImage) image = NULL;
  g_autoptr (ScdSceneImage) detail = NULL;

  if (view == NULL || (image = scd_scene_imager_shrink (detector->imager, view)) == NULL)
    {
      scd_scene_settle_stop (detector->settle);
      return;
    }
  detail = scd_scene_imager_shrink_detail (detector->imager, view);
  scd_scene_settle_restart (detector->settle, image, detail, timestamp);
}

static void
keep (ScdSceneDetector *detector,
      const AVFrame *frame,
      double timestamp,
      double score,
      ScdFrameReason reason)
{
  scd_scene_decision_written (&detector->decision, timestamp, score);
  if (reason == SCD_FRAME_REASON_FIRST || reason == SCD_FRAME_REASON_SCENE)
    restart_settling (detector, frame, timestamp);
  detector->func (frame, timestamp, score, reason, detector->user_data);
}

static void
keep_held (ScdSceneDetector *detector, Held *held)
{
  if (held->frame != NULL)
    keep (detector, held->frame, held->timestamp, held->score, SCD_FRAME_REASON_SCENE);
  release (held);
}

/* A change of size is a change of scene. */
static gboolean
same_size (const ScdSceneImage *a, const ScdSceneImage *b)
{
  return a->width == b->width && a->height == b->height;
}

static double
score_images (const ScdSceneImage *a, const ScdSceneImage *b)
{
  return same_size (a, b) ? scd_scene_score (a, b) : 100.0;
}

static double
difference (const ScdSceneImage *a, const ScdSceneImage *b)
{
  return same_size (a, b) ? scd_scene_difference (a, b) : 100.0;
}

/* A frame's pixels in memory, in a layout the motion checks read: when
 * first asked for, downloaded from the GPU, or converted from one they do
 * not (a GIF's palette, RGB, 10-bit). */
typedef struct
{
  ScdSceneImager *imager;
  const AVFrame *frame;
  AVFrame *copy;
} Pixels;

static const AVFrame *
pixels (Pixels *p)
{
  if (p->frame->buf[0] == NULL)
    return NULL;
  if (p->copy == NULL && scd_gpu_frame_is_hardware (p->frame))
    p->copy = scd_gpu_frame_to_memory (p->frame, NULL);
  else if (p->copy == NULL)
    p->copy = scd_scene_imager_readable (p->imager, p->frame);
  return p->copy != NULL ? p->copy : p->frame;
}

static void
pixels_clear (Pixels *p)
{
  av_frame_free (&p->copy);
}

/* The score and difference of the frame against the previous frame with
 * the motion of the whole picture undone; FALSE if there is none or it
 * cannot be undone. */
static gboolean
compensate (ScdSceneDetector *detector,
            Pixels *previous_pixels,
            Pixels *frame_pixels,
            double *score,
            double *diff)
{
  const AVFrame *previous = pixels (previous_pixels);
  const AVFrame *frame = pixels (frame_pixels);
  g_autoptr (ScdSceneImage) before = NULL;
  g_autoptr (ScdSceneImage) after = NULL;
  ScdSceneRegion from, to;
  int dx, dy;

  if (previous == NULL || frame == NULL || !scd_scene_motion_estimate (previous, frame, &dx, &dy)
      || (dx == 0 && dy == 0))
    return FALSE;

  from = (ScdSceneRegion){ MAX (0, -dx), MAX (0, -dy), frame->width - ABS (dx),
                           frame->height - ABS (dy) };
  to = (ScdSceneRegion){ from.x + dx, from.y + dy, from.width, from.height };
  before = scd_scene_imager_shrink_region (detector->imager, previous, &from);
  after = scd_scene_imager_shrink_region (detector->imager, frame, &to);
  if (before == NULL || after == NULL)
    return FALSE;
  *score = score_images (before, after);
  *diff = difference (before, after);
  return TRUE;
}

/* Whether the frame, which changed @score of the picture, changed only a
 * part of what the one before showed:
 * little of its detail (scd-scene-content.c), or a box drawn over it
 * (scd-scene-box.c). Both are measured on the frames' detail images, or
 * on their small images when the frames cannot be read. Returns why, or
 * NULL. */
static const char *
overlaid (ScdSceneDetector *detector,
          Pixels *previous_pixels,
          Pixels *frame_pixels,
          const ScdSceneImage *previous,
          const ScdSceneImage *image,
          double score,
          ScdSceneTrace *trace)
{
  const AVFrame *a = pixels (previous_pixels);
  const AVFrame *b = pixels (frame_pixels);
  g_autoptr (ScdSceneImage) before = NULL;
  g_autoptr (ScdSceneImage) after = NULL;
  ScdSceneContentChange content;

  if (!same_size (previous, image))
    return NULL;
  if (a != NULL && b != NULL && a->width == b->width && a->height == b->height)
    {
      before = scd_scene_imager_shrink_detail (detector->imager, a);
      after = scd_scene_imager_shrink_detail (detector->imager, b);
    }
  if (before != NULL && after != NULL && same_size (before, after))
    {
      previous = before;
      image = after;
    }

  scd_scene_content_change (previous, image, &content);
  trace->content = content.changed;
  trace->went = content.went;
  if (scd_scene_decision_overlay (content.changed, score))
    return "it changed little of what the picture shows";
  if (scd_scene_decision_added (content.went))
    return "it added to what the picture shows and left that in place";
  scd_scene_change_box (previous, image, &trace->box);
  if (scd_scene_decision_popup (&trace->box))
    return "it drew a box over the picture";
  return NULL;
}

/* Whether @frame only scrolled part of the previous one, a page in a
 * window. */
static gboolean
scrolled (Pixels *previous_pixels, Pixels *frame_pixels, ScdSceneTrace *trace)
{
  const AVFrame *previous = pixels (previous_pixels);
  const AVFrame *frame = pixels (frame_pixels);

  if (previous == NULL || frame == NULL)
    return FALSE;
  trace->scrolled = scd_scene_motion_scrolled_share (previous, frame);
  return scd_scene_decision_scrolled (trace->scrolled);
}

/* The frames after a candidate cut confirm or reject it. Returns TRUE
 * when it was rejected. */
static gboolean
follow_cut (ScdSceneDetector *detector, const ScdSceneImage *image, double step)
{
  double back = difference (detector->before_cut, image);

  switch (scd_cut_candidate_next (&detector->cut, step, back))
    {
    case SCD_CUT_CONFIRMED:
      g_debug ("Cut at %.3f s confirmed: %s", detector->cut_held.timestamp, detector->cut.rule);
      keep_held (detector, &detector->cut_held);
      /* The new scene is what fades and dissolves start from. */
      release (&detector->fade_held);
      scd_scene_transition_restart (detector->transition, image);
      break;
    case SCD_CUT_REJECTED:
      g_debug ("Cut candidate at %.3f s rejected: %s", detector->cut_held.timestamp,
               detector->cut.rule);
      release (&detector->cut_held);
      return TRUE;
    case SCD_CUT_PASSED_ON:
      g_debug ("Cut candidate at %.3f s passed on: %s", detector->cut_held.timestamp,
               detector->cut.rule);
      release (&detector->cut_held);
      return FALSE;
    case SCD_CUT_WAIT:
    default:
      break;
    }
  return FALSE;
}

static const char *
follow_transition (ScdSceneDetector *detector,
                   const AVFrame *frame,
                   const ScdSceneImage *image,
                   double timestamp,
                   const ScdSceneParams *params)
{
  double score = 0.0;

  switch (
      scd_scene_transition_take (detector->transition, image, timestamp, params->threshold, &score))
    {
    case SCD_TRANSITION_HOLD:
      if (detector->fade_held.frame == NULL)
        g_debug ("Transition under way at %.3f s (score %.1f from where it began)", timestamp,
                 score);
      hold (&detector->fade_held, frame, timestamp, score);
      return "hold";
    case SCD_TRANSITION_DROP:
      g_debug ("Transition dropped at %.3f s: not a fade or a dissolve", timestamp);
      release (&detector->fade_held);
      return "drop";
    case SCD_TRANSITION_DONE:
      if (detector->cut_held.frame == NULL
          && !scd_scene_decision_too_soon (&detector->decision, params,
                                           detector->fade_held.timestamp,
                                           detector->fade_held.score))
        {
          g_debug ("Transition ended at %.3f s (score %.1f): a new scene",
                   detector->fade_held.timestamp, detector->fade_held.score);
          keep_held (detector, &detector->fade_held);
        }
      else
        g_debug ("Transition ended at %.3f s, not kept: %s", detector->fade_held.timestamp,
                 detector->cut_held.frame != NULL ? "a cut is pending"
                                                  : "too soon after the last scene");
      release (&detector->fade_held);
      return "done";
    case SCD_TRANSITION_NOTHING:
    default:
      return NULL;
    }
}

/* The regions changed: what the detector sees before and after cannot be
 * compared. A cut waiting for its next frame is taken as it is (as at the
 * end of the stream), and the frame after starts afresh. */
static void
restart (ScdSceneDetector *detector, const ScdRegions *regions, ScdSceneImage *image)
{
  g_debug ("Regions changed: comparing afresh from here");
  keep_held (detector, &detector->cut_held);
  release (&detector->fade_held);
  scd_scene_transition_restart (detector->transition, image);
  scd_scene_settle_stop (detector->settle);
  detector->regions = *regions;
}

/* Once the picture a scene started with has settled (scd-scene-settle.c),
 * its settled state is written as it is; it starts no scene. */
static void
follow_settling (ScdSceneDetector *detector,
                 const AVFrame *frame,
                 const AVFrame *view,
                 const ScdSceneImage *image,
                 double timestamp,
                 double score,
                 double settle_seconds)
{
  g_autoptr (ScdSceneImage) detail = NULL;

  if (!scd_scene_settle_due (detector->settle, image, timestamp, settle_seconds)
      || detector->cut_held.frame != NULL || detector->fade_held.frame != NULL)
    return;
  detail = scd_scene_imager_shrink_detail (detector->imager, view);
  if (!scd_scene_settle_judge (detector->settle, image, detail))
    return;
  g_debug ("Settled at %.3f s: still for %.2f s after additions", timestamp, settle_seconds);
  detector->func (frame, timestamp, score, SCD_FRAME_REASON_SETTLED, detector->user_data);
}

/* Every measure is taken on what the detector sees of @frame (seen_of():
 * its view when regions are set); what is kept is @frame itself. */
double
scd_scene_detector_push (ScdSceneDetector *detector,
                         const AVFrame *frame,
                         double timestamp,
                         const ScdSceneParams *params)
{
  g_autoptr (AVFrame) owned = NULL;
  const AVFrame *view = seen_of (detector, frame, &params->regions, &owned);
  g_autoptr (ScdSceneImage) image = NULL;
  ScdSceneTrace trace = { .timestamp = timestamp,
                          .compensated = NAN,
                          .scrolled = NAN,
                          .content = NAN,
                          .went = NAN,
                          .box = { .box = NAN } };
  Pixels previous_pixels = { detector->imager, detector->previous_frame, NULL };
  Pixels frame_pixels = { detector->imager, view, NULL };
  double score;

  if (view == NULL || (image = scd_scene_imager_shrink (detector->imager, view)) == NULL)
    return 0.0;

  if (detector->previous != NULL && !scd_regions_equal (&detector->regions, &params->regions))
    {
      restart (detector, &params->regions, image);
      score = 0.0;
    }
  else if (detector->previous == NULL)
    {
      detector->regions = params->regions;
      keep (detector, frame, timestamp, 0.0, SCD_FRAME_REASON_FIRST);
      /* The first frame starts a scene from nothing, the strongest change
       * there is: with no frames before them to stand out from, the frames
       * within MinSceneLength of it start none (the first update of a
       * pattern that changes every few frames would). Unless it shows
       * nothing (a recorder's blank first frame): then the first picture
       * is a scene. */
      scd_scene_decision_written (&detector->decision, timestamp,
                                  scd_scene_image_is_flat (image) ? 0.0 : 100.0);
      scd_scene_transition_restart (detector->transition, image);
      score = 0.0;
    }
  else
    {
      gboolean rejected = FALSE;

      score = score_images (detector->previous, image);
      trace.difference = difference (detector->previous, image);
      if (detector->cut_held.frame != NULL)
        rejected = follow_cut (detector, image, trace.difference);

      /* The frame that ends a flash, or goes on with a pan or a fade, is
       * no cut either. */
      if (detector->cut_held.frame == NULL && !rejected
          && scd_scene_decision_stands_out (&detector->decision, params, timestamp, score,
                                            trace.difference)
          && !scd_scene_transition_continues (detector->transition, image))
        {
          double cut_score = score, cut_difference = trace.difference;
          const char *why;

          if (compensate (detector, &previous_pixels, &frame_pixels, &cut_score, &cut_difference))
            trace.compensated = cut_score;
          if (!scd_scene_decision_stands_out (&detector->decision, params, timestamp, cut_score,
                                              cut_difference))
            g_debug ("Frame at %.3f s stood out (score %.1f) but the whole picture moved (%.1f "
                     "with the move undone)",
                     timestamp, score, cut_score);
          else if ((why = overlaid (detector, &previous_pixels, &frame_pixels, detector->previous,
                                    image, cut_score, &trace))
                   != NULL)
            g_debug ("Frame at %.3f s stood out (score %.1f) but %s (%.0f %% of it changed)",
                     timestamp, score, why, 100.0 * trace.content);
          else if (scrolled (&previous_pixels, &frame_pixels, &trace))
            g_debug ("Frame at %.3f s stood out (score %.1f) but a scroll explains %.0f %% of it",
                     timestamp, score, 100.0 * trace.scrolled);
          else
            {
              gboolean comparable = same_size (detector->previous, image);
              gboolean at_edge = TRUE;
              double changed = comparable
                                   ? scd_scene_changed_share (detector->previous, image, &at_edge)
                                   : 1.0;

              ScdCutEvidence evidence = {
                .difference = cut_difference,
                .usual_difference = scd_scene_decision_usual_difference (&detector->decision),
                .brightness_share = comparable
                                        ? scd_scene_brightness_share (detector->previous, image)
                                        : 0.0,
                .relit = comparable
                         && (scd_scene_image_is_flat (image)
                             || scd_scene_relit (detector->previous, image)),
                .from_flat = comparable && scd_scene_image_is_flat (detector->previous),
                .flat = scd_scene_image_is_flat (image),
                .content = trace.content,
                .changed_share = changed,
                .changed_at_edge = at_edge,
              };

              scd_cut_candidate_init (&detector->cut, &evidence);
              g_debug ("Cut candidate at %.3f s: score %.1f, difference %.2f (usual %.2f), "
                       "%.0f %% changed%s; waits %u frame%s",
                       timestamp, cut_score, cut_difference, evidence.usual_difference,
                       100.0 * changed, at_edge ? " up to the edge" : "", detector->cut.wait,
                       detector->cut.wait == 1 ? "" : "s");
              hold (&detector->cut_held, frame, timestamp, cut_score);
              detector->func (frame, timestamp, cut_score, SCD_FRAME_REASON_CANDIDATE,
                              detector->user_data);
              scd_scene_image_free (detector->before_cut);
              detector->before_cut = g_steal_pointer (&detector->previous);
              trace.candidate = TRUE;
            }
        }
      scd_scene_decision_remember (&detector->decision, score, trace.difference);

      trace.transition = follow_transition (detector, frame, image, timestamp, params);

      if (detector->cut_held.frame == NULL
          && scd_scene_decision_interval_due (&detector->decision, params, timestamp))
        keep (detector, frame, timestamp, score, SCD_FRAME_REASON_INTERVAL);
    }

  follow_settling (detector, frame, view, image, timestamp, score, params->settle_seconds);

  pixels_clear (&previous_pixels);
  pixels_clear (&frame_pixels);
  scd_scene_image_free (detector->previous);
  detector->previous = g_steal_pointer (&image);
  av_frame_unref (detector->previous_frame);
  if (av_frame_ref (detector->previous_frame, view) < 0)
    av_frame_unref (detector->previous_frame);

  trace.score = score;
  if (detector->trace_func != NULL)
    detector->trace_func (&trace, detector->trace_data);
  return score;
}

/* The end of the stream: a cut still waiting is confirmed, since nothing
 * after it can show it was not one. */
void
scd_scene_detector_finish (ScdSceneDetector *detector)
{
  keep_held (detector, &detector->cut_held);
  release (&detector->fade_held);
}
