/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Motion: how far the whole picture moved between two frames (a scroll,
 * a pan), how much of a change a scroll in one window explains, and
 * whether one small image is mostly another moved (shifted, by a fraction
 * of a pixel too, or zoomed).
 */
#pragma once

#include <glib.h>
#include <libavutil/frame.h>

#include "scd-scene-image.h"

G_BEGIN_DECLS

gboolean
scd_scene_motion_estimate (const AVFrame *previous, const AVFrame *current, int *dx, int *dy);

/* The share, 0 to 1, of the points that changed from @previous to
 * @current that a vertical scroll of part of the picture explains. */
double scd_scene_motion_scrolled_share (const AVFrame *previous, const AVFrame *current);

gboolean scd_scene_motion_explains (const ScdSceneImage *a, const ScdSceneImage *b);

G_END_DECLS
