/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Makes the small image the scene score works on from a decoded frame.
 */
#pragma once

#include <libavutil/frame.h>

#include "scd-scene-image.h"
#include "scd-scene-tuning.h"

G_BEGIN_DECLS

typedef struct _ScdSceneImager ScdSceneImager;

/* A rectangle of a frame, in luma samples. */
typedef struct
{
  int x, y, width, height;
} ScdSceneRegion;

ScdSceneImager *scd_scene_imager_new (void);
void scd_scene_imager_free (ScdSceneImager *imager);
ScdSceneImage *scd_scene_imager_shrink (ScdSceneImager *imager, const AVFrame *frame);
ScdSceneImage *scd_scene_imager_shrink_detail (ScdSceneImager *imager, const AVFrame *frame);
ScdSceneImage *scd_scene_imager_shrink_region (ScdSceneImager *imager,
                                               const AVFrame *frame,
                                               const ScdSceneRegion *region);

gboolean scd_scene_imager_reads (int format);
AVFrame *scd_scene_imager_readable (ScdSceneImager *imager, const AVFrame *frame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdSceneImager, scd_scene_imager_free)

G_END_DECLS
