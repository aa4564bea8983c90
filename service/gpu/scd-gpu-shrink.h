/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Shrinks a frame on the GPU and brings only the small copy to memory.
 */
#pragma once

#include <gio/gio.h>
#include <libavutil/frame.h>

G_BEGIN_DECLS

typedef struct _ScdGpuShrink ScdGpuShrink;

ScdGpuShrink *scd_gpu_shrink_new (void);
void scd_gpu_shrink_free (ScdGpuShrink *shrink);
AVFrame *scd_gpu_shrink_frame (ScdGpuShrink *shrink,
                               const AVFrame *frame,
                               int width,
                               int height,
                               GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdGpuShrink, scd_gpu_shrink_free)

G_END_DECLS
