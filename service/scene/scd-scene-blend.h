/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * How well a mix of two pictures explains a third: the fit that tells a
 * fade or a dissolve from motion.
 */
#pragma once

#include "scd-scene-image.h"

G_BEGIN_DECLS

double scd_scene_blend_residual (const ScdSceneImage *from,
                                 const ScdSceneImage *middle,
                                 const ScdSceneImage *to);

G_END_DECLS
