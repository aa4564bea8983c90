/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * How much of what a picture shows changed: its detail (edges, text,
 * texture) weighed, not its pixels counted.
 */
#pragma once

#include "scd-scene-image.h"

G_BEGIN_DECLS

/* Shares of detail, 0 to 1: @went of the old picture's, @came of the new
 * one's, @changed the larger. */
typedef struct
{
  double went;
  double came;
  double changed;
} ScdSceneContentChange;

void scd_scene_content_change (const ScdSceneImage *previous,
                               const ScdSceneImage *current,
                               ScdSceneContentChange *change);

G_END_DECLS
