/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Software decoding with frame and slice threads, as many as the machine
 * has cores (the same choice `ffmpeg -i` makes). Frame threads hold back
 * one frame per thread, so a live source (@low_delay) gets slice threads
 * only: each frame comes out as soon as its packet is in.
 *
 * CUDA ("cuda", or "auto" where a device opens): NVDEC decodes into GPU
 * surfaces through hw_device_ctx; get_format takes CUDA when the decoder
 * offers it for this stream and a software format otherwise (a profile
 * NVDEC lacks), and the stage then says "software". Frames stay on the
 * GPU (scd-gpu-frame.c); the decoder gets a surface beyond the codec's
 * own for each one the pipeline may hold. "auto" falls back to software
 * silently; "cuda" fails with Unsupported where no device opens.
 */
#include "config.h"

#include <glib/gi18n.h>

#include <libavutil/hwcontext.h>
#include <libavutil/pixdesc.h>

#include "scd-error.h"
#include "scd-gpu-frame.h"
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

static enum AVPixelFormat
pick_format (AVCodecContext *ctx, const enum AVPixelFormat *formats)
{
  const enum AVPixelFormat *f;

  for (f = formats; *f != AV_PIX_FMT_NONE; f++)
    if (*f == AV_PIX_FMT_CUDA)
      return *f;
  /* No CUDA for this stream: the first software format. */
  for (f = formats; *f != AV_PIX_FMT_NONE; f++)
    if (!(av_pix_fmt_desc_get (*f)->flags & AV_PIX_FMT_FLAG_HWACCEL))
      return *f;
  return AV_PIX_FMT_NONE;
}

static gboolean
codec_has_cuda (const AVCodec *codec)
{
  for (int i = 0;; i++)
    {
      const AVCodecHWConfig *config = avcodec_get_hw_config (codec, i);

      if (config == NULL)
        return FALSE;
      if ((config->methods & AV_CODEC_HW_CONFIG_METHOD_HW_DEVICE_CTX)
          && config->device_type == AV_HWDEVICE_TYPE_CUDA)
        return TRUE;
    }
}

/* A CUDA device for @ctx, when there is one and the codec can use it. */
static gboolean
attach_cuda (AVCodecContext *ctx, const AVCodec *codec)
{
  AVBufferRef *device = NULL;

  if (!codec_has_cuda (codec)
      || av_hwdevice_ctx_create (&device, AV_HWDEVICE_TYPE_CUDA, NULL, NULL, 0) < 0)
    return FALSE;
  ctx->hw_device_ctx = device;
  ctx->get_format = pick_format;
  ctx->extra_hw_frames = SCD_GPU_FRAMES_HELD;
  return TRUE;
}

AVCodecContext *
scd_video_decoder_open (AVStream *stream,
                        ScdHwaccel hwaccel,
                        gboolean low_delay,
                        char **description,
                        GError **error)
{
  const AVCodec *codec = avcodec_find_decoder (stream->codecpar->codec_id);
  g_autoptr (AVCodecContext) ctx = NULL;
  int ret;

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
  if (ret >= 0 && hwaccel != SCD_HWACCEL_NONE && !attach_cuda (ctx, codec)
      && hwaccel == SCD_HWACCEL_CUDA)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED,
                   _("CUDA cannot decode “%s” on this machine"), avcodec_get_name (codec->id));
      return NULL;
    }
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

  *description = g_strdup_printf ("%s (%s)", avcodec_get_name (ctx->codec_id),
                                  ctx->hw_device_ctx != NULL ? "cuda" : "software");
  return g_steal_pointer (&ctx);
}
