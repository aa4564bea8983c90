/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every constant of the scene detector in one table (scd-scene-tuning.c):
 * name, default, range and why. The tunable ones are read at run time, so
 * scene-trace, bench/scene-accuracy and the service's developer option
 * --tune can try another value without a rebuild; the fixed ones size
 * arrays and are listed for reference only. The service keeps the
 * defaults unless told otherwise.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Fixed at build time. */
#define SCD_SCENE_IMAGE_WIDTH 64   /* the small image's width */
#define SCD_SCENE_DETAIL_WIDTH 256 /* the detail image's, for what a change covers */
#define SCD_SCENE_HISTORY 5        /* frames whose changes are the usual */
#define SCD_CUT_MAX_WAIT 3         /* frames a cut may wait: a 3-frame flash */
#define SCD_SCENE_GRID 4           /* samples across and down per small pixel */
#define SCD_SCENE_RING_SIZE 128    /* frames followed in a transition */
#define SCD_SCENE_STRIPS 6         /* parts of a row profile */
#define SCD_SCENE_STRIP_SAMPLES 16
#define SCD_SCENE_BLOCK_COLUMNS 8

/* The tunable constants, one a line: id, name, default, accepted range,
 * and why. scd-scene-score.c uses the first eight, scd-scene-content.c
 * the next two, scd-scene-decision.c the next twenty-one, scd-scene-motion.c
 * the next eight and the shifts and zooms, scd-scene-transition.c the
 * rest but the last, scd-scene-settle.c the last. */
#define SCD_TUNABLES(T)                                                                            \
  T (CHANGE_LOW, "change-low", 3.0, 0.0, 50.0,                                                     \
     "levels (of 255) a small pixel may move and not have changed: noise, grain, flicker")         \
  T (CHANGE_HIGH, "change-high", 12.0, 1.0, 128.0,                                                 \
     "levels at which a small pixel has changed in full; in between, in part")                     \
  T (FLAT_SHARE, "flat-share", 0.9, 0.5, 1.0,                                                      \
     "share of a flat picture (black, white) within flat-level of its median luma")                \
  T (FLAT_LEVEL, "flat-level", 8, 0, 64, "luma levels around the median a flat picture keeps to")  \
  T (RELIT_MIN_GAIN, "relit-min-gain", 0.5, 0.0, 1.0,                                              \
     "least gain of the same picture made brighter or darker")                                     \
  T (RELIT_MAX_RESIDUAL, "relit-max-residual", 0.3, 0.0, 1.0,                                      \
     "most of the change a relighting fit may leave unexplained")                                  \
  T (RELIT_LEVEL, "relit-level", 6.0, 0.0, 64.0,                                                   \
     "luma levels within which a relighting fit explains a pixel")                                 \
  T (CHANGED_LEVEL, "changed-level", 24, 1, 255,                                                   \
     "luma levels a pixel must move to count in the changed share")                                \
  T (DETAIL_CAP, "detail-cap", 32.0, 1.0, 255.0,                                                   \
     "lightness gradient at which a small pixel weighs in full as detail")                         \
  T (DETAIL_FLOOR, "detail-floor", 0.2, 0.0, 64.0,                                                 \
     "mean detail of a picture that shows nothing (flat)")                                         \
  T (NEIGHBOUR_RATIO, "neighbour-ratio", 3.0, 1.0, 20.0,                                           \
     "a cut changes this many times what the frames before it usually do")                         \
  T (NEIGHBOUR_FLOOR, "neighbour-floor", 0.1, 0.0, 10.0,                                           \
     "floor of the usual difference: one flicker after a still stretch is no cut")                 \
  T (NEIGHBOUR_SCORE_FLOOR, "neighbour-score-floor", 1.0, 0.0, 20.0,                               \
     "floor of the usual score, in percent")                                                       \
  T (STEADY_SHARE, "steady-share", 0.25, 0.0, 1.0,                                                 \
     "the frame after a cut differs at most this share of the cut")                                \
  T (GROWING_SHARE, "growing-share", 1.3, 1.0, 4.0,                                                \
     "a frame this much further than the cut from the frame before it: the change grows")          \
  T (UNSTEADY_SHARE, "unsteady-share", 0.5, 0.0, 2.0,                                              \
     "a frame after the cut differing more than this share of it goes on changing")                \
  T (SETTLING_SHARE, "settling-share", 0.9, 0.0, 2.0,                                              \
     "a new shot settles: its second frame differs at most this share of its first")               \
  T (FURTHER_SHARE, "further-share", 0.9, 0.0, 2.0,                                                \
     "a settling shot is this share of the cut (or more) from the frame before the cut")           \
  T (BACK_SHARE, "back-share", 0.35, 0.0, 1.0,                                                     \
     "a frame this close (share of the cut) to the frame before the cut: the old scene is back")   \
  T (FLASH_BRIGHTNESS_SHARE, "flash-brightness-share", 0.7, 0.0, 1.0,                              \
     "a change at least this much one way in brightness may be a flash")                           \
  T (ENTERING_SHARE, "entering-share", 0.15, 0.0, 1.0,                                             \
     "a change this small that reaches the edge may be a thing coming in")                         \
  T (WHOLE_SHARE, "whole-share", 0.5, 0.0, 1.0,                                                    \
     "a change over this share of the picture is a new picture, however busy")                     \
  T (FADE_STEP_BRIGHTNESS_SHARE, "fade-step-brightness-share", 0.95, 0.0, 1.0,                     \
     "unless this much of it is one way in brightness: the first step of a fade")                  \
  T (MIN_SCROLLED_SHARE, "min-scrolled-share", 0.6, 0.0, 1.0,                                      \
     "a change that a scroll explains this much is the scroll")                                    \
  T (CONTENT_SHARE, "content-share", 0.3, 0.0, 1.0,                                                \
     "a cut changes at least this share of what the picture shows")                                \
  T (OVERLAY_MAX_SCORE, "overlay-max-score", 30.0, 0.0, 100.0,                                     \
     "a change of this much of the picture (its score) is never an overlay")                       \
  T (ADDED_SHARE, "added-share", 0.2, 0.0, 1.0,                                                    \
     "a change that replaced less than this share of what was shown only added to it")             \
  T (POPUP_BOX, "popup-box", 0.35, 0.0, 1.0, "a popup covers less than this share of the picture") \
  T (POPUP_FILL, "popup-fill", 0.9, 0.0, 1.0, "and changes at least this share of its box")        \
  T (POPUP_BORDER, "popup-border", 0.8, 0.0, 1.0, "and this share of its outline")                 \
  T (ENTERING_CONTENT, "entering-content", 0.5, 0.0, 1.0,                                          \
     "a thing coming in changes less than this share of what the picture shows")                   \
  T (STRONGER_SHARE, "stronger-share", 2.0, 1.0, 100.0,                                            \
     "a change this many times the last scene's passes the minimum scene length")                  \
  T (MIN_OVERLAP, "min-overlap", 0.5, 0.1, 0.95,                                                   \
     "share of the picture a shift keeps in both frames, at least")                                \
  T (MIN_GAIN, "min-gain", 0.5, 0.0, 1.0,                                                          \
     "a shift must explain the row profiles this much better than none")                           \
  T (JITTER_SHARE, "jitter-share", 0.01, 0.0, 0.2,                                                 \
     "shifts up to this share of the picture are jitter")                                          \
  T (MIN_JITTER, "min-jitter", 2, 0, 32, "and shifts of this many pixels at least")                \
  T (CELL_MATCH, "cell-match", 2.0, 0.0, 32.0, "levels within which two profile cells match")      \
  T (SAMPLE_MATCH, "sample-match", 24, 0, 255,                                                     \
     "levels within which two samples match after a scroll (anti-aliased text)")                   \
  T (GRID_COLUMNS, "grid-columns", 320, 8, 1920, "samples across of the scrolled share, at most")  \
  T (GRID_ROWS, "grid-rows", 180, 8, 1080, "samples down of the scrolled share, at most")          \
  T (MAX_RESIDUAL, "max-residual", 0.3, 0.0, 1.0,                                                  \
     "most of a change a blend of its two ends may leave unexplained")                             \
  T (MAX_STEP_SHARE, "max-step-share", 0.6, 0.0, 1.0,                                              \
     "no frame of a transition makes more than this share of its change")                          \
  T (MAX_SHIFT, "max-shift", 6, 0, 32, "shifts tried, in small pixels either way, to see motion")  \
  T (MOTION_GAIN, "motion-gain", 0.5, 0.0, 1.0,                                                    \
     "a shift or zoom matches this much better than none: the change is motion")                   \
  T (ZOOM_STEP, "zoom-step", 1.03, 1.001, 1.5, "ratio between the zooms tried")                    \
  T (MAX_ZOOM_STEPS, "max-zoom-steps", 20, 0, 100, "zooms tried each way (20: about 1.8 times)")   \
  T (SETTLE_SECONDS, "settle-seconds", 0.25, 0.0, 5.0,                                             \
     "a transition has ended when its change has not grown for this long")                         \
  T (SETTLE_FRAMES, "settle-frames", 2, 1, 60, "and for this many frames")                         \
  T (MOTION_AFTER, "motion-after", 2.0, 1.0, 10.0,                                                 \
     "a transition changes this many times what the scene after it does on its own")               \
  T (PACE_KEPT, "pace-kept", 0.5, 0.0, 1.0,                                                        \
     "a frame moving away from the anchor this share of the recent pace ends it so far")           \
  T (PACE_WEIGHT, "pace-weight", 0.3, 0.0, 1.0, "weight of each frame in that pace")               \
  T (CUT_STEP, "cut-step", 1.5, 1.0, 10.0,                                                         \
     "a step this many times a transition's mean step is a cut, not a step of it")                 \
  T (FADE_BRIGHTNESS_SHARE, "fade-brightness-share", 0.7, 0.0, 1.0,                                \
     "and so is a step not mostly one way in brightness")                                          \
  T (ANCHOR_LAG, "anchor-lag", 8, 1, SCD_SCENE_RING_SIZE - 8,                                      \
     "frames back the anchor is while nothing is followed")                                        \
  T (MIN_DISTANCE, "min-distance", 8.0, 0.0, 255.0, "luma levels a transition moves at least")     \
  T (MIN_FRAMES, "min-frames", 4, 1, SCD_SCENE_RING_SIZE / 2,                                      \
     "frames a change must have gone on before it is judged a transition")                         \
  T (RELIT_TRANSITION_SHARE, "relit-transition-share", 0.7, 0.0, 1.0,                              \
     "a transition whose end is its start lit otherwise over this share is no new scene")          \
  T (TRANSITION_WENT_SHARE, "transition-went-share", 0.35, 0.0, 1.0,                               \
     "a transition's end replaced at least this share of what its start showed")                   \
  T (MAX_RELIT_GAIN, "max-relit-gain", 2.0, 1.0, 10.0,                                             \
     "a picture brightened more than this was a faint trace of the next, fading in")               \
  T (SETTLE_CAME_SHARE, "settle-came-share", 0.05, 0.0, 1.0,                                       \
     "a settled state brought at least this share of new detail, and twice what went")

#define SCD_TUNE_ID(id, name, value, min, max, why) SCD_TUNE_##id,
typedef enum
{
  SCD_TUNABLES (SCD_TUNE_ID) SCD_TUNE_N
} ScdTune;
#undef SCD_TUNE_ID

typedef struct
{
  const char *name; /* "neighbour-ratio" */
  double value;     /* the default */
  double min, max;  /* accepted; min == max: fixed at build time */
  const char *why;
} ScdTuneEntry;

/* The values in force, indexed by ScdTune; set before any detector runs. */
extern double scd_tune_values[SCD_TUNE_N];

static inline double
scd_tune (ScdTune which)
{
  return scd_tune_values[which];
}

static inline int
scd_tune_int (ScdTune which)
{
  return (int) scd_tune_values[which];
}

static inline guint
scd_tune_uint (ScdTune which)
{
  return (guint) scd_tune_values[which];
}

const ScdTuneEntry *scd_tune_table (gsize *n_entries);
gboolean scd_tune_set (const char *name, double value, GError **error);
gboolean scd_tune_parse (const char *assignment, GError **error);
gboolean scd_tune_load_file (const char *path, GError **error);
void scd_tune_reset (void);
char *scd_tune_describe (void);

G_END_DECLS
