/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * How much of what a picture shows changed: its detail (edges, text,
 * texture) weighed, not its pixels counted.
 */
#pragma once

#include "scd-scene-image.h"

G_BEGIN_DECLS

double scd_scene_content_changed (const ScdSceneImage *previous, const ScdSceneImage *current);

G_END_DECLS
