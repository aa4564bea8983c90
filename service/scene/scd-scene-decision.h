/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Whether a frame starts a scene, from numbers alone: the threshold, the
 * neighbourhood of scores before it, what the frames after it show, the
 * minimum scene length and the maximum interval.
 */
#pragma once

#include <glib.h>

#include "scd-regions.h"
#include "scd-scene-box.h"
#include "scd-scene-tuning.h"

G_BEGIN_DECLS

typedef struct
{
  double threshold;          /* percent, compared with the scene score */
  double min_scene_length;   /* seconds */
  double max_frame_interval; /* seconds, 0 = off */
  ScdRegions regions;        /* where changes count */
  double settle_seconds;     /* still this long after additions: "settled"; 0 = off */
} ScdSceneParams;

typedef enum
{
  SCD_FRAME_REASON_NONE,
  SCD_FRAME_REASON_FIRST,
  SCD_FRAME_REASON_SCENE,
  SCD_FRAME_REASON_INTERVAL,
  SCD_FRAME_REASON_CAPTURE,
  SCD_FRAME_REASON_SETTLED,   /* a scene's finished state (scd-scene-settle.c) */
  SCD_FRAME_REASON_CANDIDATE, /* not kept: a cut the frames after may confirm */
} ScdFrameReason;

typedef struct
{
  gboolean have_last;
  double last_written;                   /* timestamp of the last frame written */
  double last_score;                     /* its score */
  double differences[SCD_SCENE_HISTORY]; /* of the frames before */
  double scores[SCD_SCENE_HISTORY];
  guint n_history;
  guint next_history;
} ScdSceneDecision;

void scd_scene_decision_init (ScdSceneDecision *decision);
gboolean scd_scene_decision_stands_out (const ScdSceneDecision *decision,
                                        const ScdSceneParams *params,
                                        double timestamp,
                                        double score,
                                        double difference);
gboolean scd_scene_decision_scrolled (double scrolled_share);
gboolean scd_scene_decision_overlay (double content, double score);
gboolean scd_scene_decision_added (double went);
gboolean scd_scene_decision_popup (const ScdSceneChangeBox *change);
void scd_scene_decision_remember (ScdSceneDecision *decision, double score, double difference);
double scd_scene_decision_usual_difference (const ScdSceneDecision *decision);
gboolean scd_scene_decision_too_soon (const ScdSceneDecision *decision,
                                      const ScdSceneParams *params,
                                      double timestamp,
                                      double score);
gboolean scd_scene_decision_interval_due (const ScdSceneDecision *decision,
                                          const ScdSceneParams *params,
                                          double timestamp);
void scd_scene_decision_written (ScdSceneDecision *decision, double timestamp, double score);

/* A frame that stood out, waiting for the frames after it. */
typedef struct
{
  double difference;  /* its difference from the frame before */
  double usual;       /* the difference of the frames before it */
  double settling;    /* if the frame after it was not quite steady, its difference above usual */
  guint wait;         /* frames to see before it is confirmed */
  gboolean from_flat; /* the frame before it was flat */
  gboolean flat;      /* it is flat itself: a blank, or the black of a fade */
  gboolean entering;  /* it may be a thing coming into the picture */
  gboolean whole;     /* most of the picture changed, not all one way in brightness */
  guint seen;
  const char *rule; /* once decided: the rule that did, for -v */
} ScdCutCandidate;

typedef enum
{
  SCD_CUT_WAIT,
  SCD_CUT_CONFIRMED,
  SCD_CUT_REJECTED,
  SCD_CUT_PASSED_ON, /* rejected, and the frame after may start the scene */
} ScdCutVerdict;

/* What the images say about a frame that stood out (scd-scene-detector.c
 * measures it; the rules here take it as numbers). */
typedef struct
{
  double difference;        /* from the frame before */
  double usual_difference;  /* of the frames before that */
  double brightness_share;  /* how much of the change is one way in brightness */
  gboolean relit;           /* to a flat picture, or to the same one lit otherwise */
  gboolean from_flat;       /* the frame before was flat */
  gboolean flat;            /* the frame itself is flat */
  double content;           /* share of what the picture shows that changed (scd-scene-content.c) */
  double changed_share;     /* of the picture whose luma changed */
  gboolean changed_at_edge; /* some of it on the border */
} ScdCutEvidence;

void scd_cut_candidate_init (ScdCutCandidate *candidate, const ScdCutEvidence *evidence);
ScdCutVerdict
scd_cut_candidate_next (ScdCutCandidate *candidate, double difference, double back_difference);

const char *scd_frame_reason_to_string (ScdFrameReason reason);

G_END_DECLS
