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

/* Where one component of an 8-bit YUV layout is: its plane, its first
 * byte on a line, the bytes between two of its samples, and its
 * subsampling (log2) across and down. */
typedef struct
{
  int plane, offset, step, hs, vs;
} ScdScenePlane;

ScdSceneImager *scd_scene_imager_new (void);
void scd_scene_imager_free (ScdSceneImager *imager);
ScdSceneImage *scd_scene_imager_shrink (ScdSceneImager *imager, const AVFrame *frame);
ScdSceneImage *scd_scene_imager_shrink_detail (ScdSceneImager *imager, const AVFrame *frame);
ScdSceneImage *scd_scene_imager_shrink_region (ScdSceneImager *imager,
                                               const AVFrame *frame,
                                               const ScdSceneRegion *region);

/* The components of @format, luma first (1 for grey, else 3): FALSE
 * when it is not read directly. */
gboolean scd_scene_imager_planes (int format, ScdScenePlane planes[3], guint *n_planes);
gboolean scd_scene_imager_reads (int format);
AVFrame *scd_scene_imager_readable (ScdSceneImager *imager, const AVFrame *frame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdSceneImager, scd_scene_imager_free)

G_END_DECLS
