/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A CUDA decoder's frames stay on the GPU: the scene score is taken on a
 * small image made there (scd-gpu-shrink.c), and a frame is copied to
 * memory only where its pixels are read:
 *
 * - a frame that becomes a JPEG, before it is queued for the writer
 *   (scd-video-stage.c), so the writer's queue, however long, holds no
 *   surface;
 * - every decoded frame while a frame stream is open (scd-stream-set.c),
 *   once for all the streams; their queues hold the copies;
 * - a frame that stands out and the one before it, when the detector
 *   checks them for motion (scd-scene-detector.c);
 * - a live session's latest frame, when CaptureFrame asks for it (in the
 *   writer's thread, scd-jpeg-writer.c).
 *
 * What still holds a surface, and so what SCD_GPU_FRAMES_HELD counts: the
 * frame being handled (1), the detector's previous frame, candidate cut
 * and end of a transition (3), a live session's latest frame (1), and
 * CaptureFrame calls queued on an older latest frame (3 are allowed for).
 * More than that would leave the decoder without a surface: its next
 * frame fails to decode, and the stage reopens it in software.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-error.h"
#include "scd-gpu-frame.h"
#include "scd-libav.h"

gboolean
scd_gpu_frame_is_hardware (const AVFrame *frame)
{
  return frame->hw_frames_ctx != NULL;
}

gboolean
scd_gpu_frame_download (const AVFrame *frame, AVFrame *software, GError **error)
{
  int ret;

  av_frame_unref (software);
  ret = av_hwframe_transfer_data (software, frame, 0);
  if (ret >= 0)
    ret = av_frame_copy_props (software, frame);
  if (ret < 0)
    {
      av_frame_unref (software);
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not copy a frame off the GPU"));
      return FALSE;
    }
  return TRUE;
}

AVFrame *
scd_gpu_frame_to_memory (const AVFrame *frame, GError **error)
{
  g_autoptr (AVFrame) copy = NULL;

  if (!scd_gpu_frame_is_hardware (frame))
    {
      copy = av_frame_clone (frame);
      if (copy == NULL)
        g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Out of memory for a frame"));
      return g_steal_pointer (&copy);
    }
  copy = av_frame_alloc ();
  if (!scd_gpu_frame_download (frame, copy, error))
    return NULL;
  return g_steal_pointer (&copy);
}
