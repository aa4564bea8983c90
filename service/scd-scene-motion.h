/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * How far the whole picture moved between two frames: a scroll, a pan.
 */
#pragma once

#include <glib.h>
#include <libavutil/frame.h>

G_BEGIN_DECLS

gboolean scd_scene_motion_estimate (const AVFrame *previous,
                                    const AVFrame *current,
                                    int *dx,
                                    int *dy);

G_END_DECLS
