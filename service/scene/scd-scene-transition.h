/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Gradual transitions: fades (through black or any flat colour) and
 * dissolves, each reported once, at its end.
 */
#pragma once

#include "scd-scene-score.h"

G_BEGIN_DECLS

typedef struct _ScdSceneTransition ScdSceneTransition;

typedef enum
{
  SCD_TRANSITION_NOTHING,
  SCD_TRANSITION_HOLD, /* this frame is the transition's end so far: keep it */
  SCD_TRANSITION_DONE, /* the frame last held ended a transition */
  SCD_TRANSITION_DROP, /* forget the frame held */
} ScdTransitionStep;

ScdSceneTransition *scd_scene_transition_new (void);
void scd_scene_transition_free (ScdSceneTransition *transition);
void scd_scene_transition_restart (ScdSceneTransition *transition, const ScdSceneImage *anchor);
ScdTransitionStep scd_scene_transition_take (ScdSceneTransition *transition,
                                             const ScdSceneImage *image,
                                             double timestamp,
                                             double threshold,
                                             double *score);
gboolean scd_scene_transition_continues (ScdSceneTransition *transition,
                                         const ScdSceneImage *image);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdSceneTransition, scd_scene_transition_free)

G_END_DECLS
