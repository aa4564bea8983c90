/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The settled frame: after a scene starts, a slide whose bullets appear one
 * by one, a diagram being drawn, a form filled in. When the picture has
 * stayed still for settle-seconds and what it shows now differs from what
 * was last written for the scene by additions alone (the old detail left
 * in place: scd_scene_decision_added()) and by more than a pointer or a
 * caret (scd_screen_match()), it is the finished state, written with
 * reason "settled". Video that never stays still never settles; typing
 * settles only once it stops; a pointer that moves and stops is the same
 * screen.
 */
#pragma once

#include "scd-scene-image.h"

G_BEGIN_DECLS

typedef struct _ScdSceneSettle ScdSceneSettle;

ScdSceneSettle *scd_scene_settle_new (void);
void scd_scene_settle_free (ScdSceneSettle *settle);

/* A frame was written that starts a scene: @image and @detail (its small
 * and detail images; @detail may be NULL) are what the scene showed. */
void scd_scene_settle_restart (ScdSceneSettle *settle,
                               const ScdSceneImage *image,
                               const ScdSceneImage *detail,
                               double timestamp);
/* Nothing to follow (no scene written yet, or the regions changed). */
void scd_scene_settle_stop (ScdSceneSettle *settle);

/* Each frame, with its small image. TRUE when the picture has been
 * still (the same screen, scd_screen_match()) for @settle_seconds since it
 * last moved, and that stillness has not been judged
 * (scd_scene_settle_judge()). */
gboolean scd_scene_settle_due (ScdSceneSettle *settle,
                               const ScdSceneImage *image,
                               double timestamp,
                               double settle_seconds);
/* Whether @image (and @detail, may be NULL) is the scene's settled state;
 * if so, it is what later additions are measured from. */
gboolean scd_scene_settle_judge (ScdSceneSettle *settle,
                                 const ScdSceneImage *image,
                                 const ScdSceneImage *detail);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdSceneSettle, scd_scene_settle_free)

G_END_DECLS
