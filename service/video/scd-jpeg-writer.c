/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libavcodec's mjpeg encoder wants full-range YUV; libswscale converts the
 * frame (range included) only for the frames that become JPEGs, so the
 * cost is paid per scene, not per decoded frame. Nothing is kept between
 * two JPEGs: an encoder and a full-size frame cost more memory (7 MB at
 * 1080p) than setting them up again costs time, a millisecond a scene.
 *
 * The JPEGs use the standard Huffman tables, not tables made for each
 * picture: those need every coded symbol of the picture kept for a second
 * pass, 12.5 MB at 1080p and 50 MB at 2160p while the decoder runs
 * beside it, to make the file 10-20 % smaller at the same quality.
 *
 * A frame still on the GPU (a live session's latest frame, captured) is
 * downloaded here, in the writer's thread.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>

#include "scd-error.h"
#include "scd-safe-path.h"
#include "scd-gpu-frame.h"
#include "scd-jpeg-writer.h"
#include "scd-libav.h"

/* mjpeg's qscale: 2 is near-transparent, 31 is mush. */
#define JPEG_QUALITY 3

static AVCodecContext *
open_encoder (const AVFrame *frame, GError **error)
{
  const AVCodec *codec = avcodec_find_encoder (AV_CODEC_ID_MJPEG);
  g_autoptr (AVCodecContext) encoder = NULL;
  int ret;

  if (codec == NULL)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED, _("This FFmpeg has no JPEG encoder"));
      return NULL;
    }

  encoder = avcodec_alloc_context3 (codec);
  encoder->width = frame->width;
  encoder->height = frame->height;
  encoder->pix_fmt = AV_PIX_FMT_YUVJ420P;
  encoder->color_range = AVCOL_RANGE_JPEG;
  encoder->time_base = (AVRational){ 1, 25 };
  encoder->flags |= AV_CODEC_FLAG_QSCALE;
  encoder->thread_count = 1;
  ret = av_opt_set (encoder->priv_data, "huffman", "default", 0);
  if (ret >= 0)
    ret = avcodec_open2 (encoder, codec, NULL);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not open the JPEG encoder"));
      return NULL;
    }
  return g_steal_pointer (&encoder);
}

static AVFrame *
convert (const AVFrame *frame, GError **error)
{
  g_autoptr (AVFrame) converted = av_frame_alloc ();
  struct SwsContext *sws;
  int ret;

  converted->width = frame->width;
  converted->height = frame->height;
  converted->format = AV_PIX_FMT_YUVJ420P;
  converted->quality = FF_QP2LAMBDA * JPEG_QUALITY;
  sws = sws_getContext (frame->width, frame->height, frame->format, frame->width, frame->height,
                        AV_PIX_FMT_YUVJ420P, SWS_BICUBIC, NULL, NULL, NULL);
  if (sws == NULL || av_frame_get_buffer (converted, 0) < 0)
    {
      sws_freeContext (sws);
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED,
                   _("Cannot convert frames of format “%s” to JPEG"),
                   av_get_pix_fmt_name (frame->format));
      return NULL;
    }

  ret = sws_scale (sws, (const guint8 *const *) frame->data, frame->linesize, 0, frame->height,
                   converted->data, converted->linesize);
  sws_freeContext (sws);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not convert a frame for JPEG"));
      return NULL;
    }
  return g_steal_pointer (&converted);
}

/* The JPEG of @frame, at full size. */
GBytes *
scd_jpeg_encode (const AVFrame *frame, GError **error)
{
  g_autoptr (AVCodecContext) encoder = NULL;
  g_autoptr (AVFrame) converted = NULL;
  g_autoptr (AVPacket) packet = av_packet_alloc ();
  g_autoptr (AVFrame) in_memory = NULL;
  int ret;

  if (scd_gpu_frame_is_hardware (frame))
    {
      in_memory = scd_gpu_frame_to_memory (frame, error);
      if (in_memory == NULL)
        return NULL;
      frame = in_memory;
    }
  converted = convert (frame, error);
  if (converted == NULL)
    return NULL;
  encoder = open_encoder (frame, error);
  if (encoder == NULL)
    return NULL;

  ret = avcodec_send_frame (encoder, converted);
  if (ret >= 0)
    ret = avcodec_receive_packet (encoder, packet);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not encode a JPEG"));
      return NULL;
    }
  return g_bytes_new (packet->data, packet->size);
}

/* Writes @jpeg (scd_jpeg_encode()) to @path, whole or not at all. */
gboolean
scd_jpeg_save (GBytes *jpeg, const char *path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *safe_path = scd_safe_path_resolve (path);
  gsize size;
  const char *data = g_bytes_get_data (jpeg, &size);

  if (!g_file_set_contents_full (safe_path, data, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &local_error))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not write “%s”: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}
