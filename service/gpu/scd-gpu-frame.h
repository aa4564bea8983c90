/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Frames a CUDA decoder leaves on the GPU, and their copies in memory.
 */
#pragma once

#include <gio/gio.h>
#include <libavutil/frame.h>

G_BEGIN_DECLS

/* Surfaces a CUDA decoder gets beyond what the codec needs, one for each
 * GPU frame the pipeline may hold at once (see scd-gpu-frame.c). */
#define SCD_GPU_FRAMES_HELD 8

/* Whether @frame lives on the GPU. */
gboolean scd_gpu_frame_is_hardware (const AVFrame *frame);
/* Copies a GPU frame into @software (unreferenced first). */
gboolean scd_gpu_frame_download (const AVFrame *frame, AVFrame *software, GError **error);
/* A new frame in memory: a reference to @frame if it is there already, or
 * its download. NULL if the download fails. */
AVFrame *scd_gpu_frame_to_memory (const AVFrame *frame, GError **error);

G_END_DECLS
