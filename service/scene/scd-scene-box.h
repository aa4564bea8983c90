/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Where a change is: the box around the part of the picture that changed,
 * and how solidly it changed.
 */
#pragma once

#include "scd-scene-image.h"

G_BEGIN_DECLS

typedef struct
{
  double box;    /* the box around every changed pixel, as a share of the picture; 0 if none */
  double fill;   /* the share of the box that changed */
  double border; /* the share of the box's outline that changed */
} ScdSceneChangeBox;

void scd_scene_change_box (const ScdSceneImage *previous,
                           const ScdSceneImage *current,
                           ScdSceneChangeBox *change);

G_END_DECLS
