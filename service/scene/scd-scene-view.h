/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the scene detector looks at: the frame cropped to the watch region,
 * with each excluded region filled with one colour, the median of what
 * lies just around it. A change there then never counts, a flat picture
 * stays flat, and the detector's measures need not know regions exist.
 * The frames written as JPEGs stay whole.
 */
#pragma once

#include <libavutil/frame.h>

#include "scd-regions.h"
#include "scd-scene-imager.h"

G_BEGIN_DECLS

/* A new frame (av_frame_free() it): a plain reference to @frame when no
 * region is set; else a copy in a layout the imager reads, as cropped and
 * filled. NULL when it cannot be made. */
AVFrame *
scd_scene_view_make (ScdSceneImager *imager, const AVFrame *frame, const ScdRegions *regions);

G_END_DECLS
