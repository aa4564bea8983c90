/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Software decoding with frame and slice threads, as many as the machine
 * has cores (the same choice `ffmpeg -i` makes). Frame threads hold back
 * one frame per thread, so a live source (@low_delay) gets slice threads
 * only: each frame comes out as soon as its packet is in. Hardware
 * decoding is not built yet: "auto" decodes in software and says so,
 * "cuda" is refused rather than silently replaced.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-error.h"
#include "scd-libav.h"
#include "scd-video-decoder.h"

gboolean
scd_video_decoder_check_size (int width, int height, GError **error)
{
  if (width <= SCD_VIDEO_MAX_SIDE && height <= SCD_VIDEO_MAX_SIDE)
    return TRUE;
  g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED,
               _("The video's frames are %d×%d; scened takes at most %d×%d"), width, height,
               SCD_VIDEO_MAX_SIDE, SCD_VIDEO_MAX_SIDE);
  return FALSE;
}

AVCodecContext *
scd_video_decoder_open (AVStream *stream,
                        const char *hwaccel,
                        gboolean low_delay,
                        char **description,
                        GError **error)
{
  const AVCodec *codec = avcodec_find_decoder (stream->codecpar->codec_id);
  g_autoptr (AVCodecContext) ctx = NULL;
  int ret;

  if (g_strcmp0 (hwaccel, "cuda") == 0)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED,
                   _("CUDA decoding is not available on this machine"));
      return NULL;
    }
  if (codec == NULL)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED, _("No decoder for video codec “%s”"),
                   avcodec_get_name (stream->codecpar->codec_id));
      return NULL;
    }
  if (!scd_video_decoder_check_size (stream->codecpar->width, stream->codecpar->height, error))
    return NULL;

  ctx = avcodec_alloc_context3 (codec);
  ret = avcodec_parameters_to_context (ctx, stream->codecpar);
  if (ret >= 0)
    {
      ctx->pkt_timebase = stream->time_base;
      ctx->thread_count = 0;
      ctx->thread_type = low_delay ? FF_THREAD_SLICE : FF_THREAD_FRAME | FF_THREAD_SLICE;
      if (low_delay)
        ctx->flags |= AV_CODEC_FLAG_LOW_DELAY;
      ret = avcodec_open2 (ctx, codec, NULL);
    }
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not open the video decoder"));
      return NULL;
    }

  *description = g_strdup_printf ("%s (software)", avcodec_get_name (ctx->codec_id));
  return g_steal_pointer (&ctx);
}
