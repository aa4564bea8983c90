/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libavcodec's mjpeg encoder wants full-range YUV, converted only for the
 * frames that become JPEGs, so the cost is paid per scene, not per decoded
 * frame. Decoders mostly give limited-range 4:2:0: its samples are
 * widened through a table that gives what libswscale gives, sample for
 * sample (test-jpeg-writer.c checks it). libswscale's unscaled converters
 * want the same range on both sides, so for a change of range alone it
 * runs its whole scaler: 8 ms of a 1080p JPEG's 15 to 25, against 2 ms
 * for the table. A full-range frame goes to the encoder as it is, and
 * any other format through libswscale. Nothing is kept between
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

/* Limited range to full: 16-235 to 0-255 for luma, 16-240 about 128 to
 * 0-255 for chroma, rounded as libswscale rounds. */
typedef struct
{
  guint8 luma[256];
  guint8 chroma[256];
} RangeTables;

static const RangeTables *
range_tables (void)
{
  static RangeTables tables;
  static gsize made = 0;

  if (g_once_init_enter (&made))
    {
      for (int v = 0; v < 256; v++)
        {
          int y = ((v - 16) * 255 + 109) / 219;
          int c = ((v - 128) * 255 + (v >= 128 ? 112 : -112)) / 224 + 128;

          tables.luma[v] = (guint8) CLAMP (y, 0, 255);
          tables.chroma[v] = (guint8) CLAMP (c, 0, 255);
        }
      g_once_init_leave (&made, 1);
    }
  return &tables;
}

static void
widen_plane (const AVFrame *frame, AVFrame *out, int plane, const guint8 table[256])
{
  int width = plane == 0 ? frame->width : AV_CEIL_RSHIFT (frame->width, 1);
  int height = plane == 0 ? frame->height : AV_CEIL_RSHIFT (frame->height, 1);

  for (int y = 0; y < height; y++)
    {
      const guint8 *src = frame->data[plane] + (gsize) y * frame->linesize[plane];
      guint8 *dst = out->data[plane] + (gsize) y * out->linesize[plane];

      for (int x = 0; x < width; x++)
        dst[x] = table[src[x]];
    }
}

static gboolean
is_full_range_420 (const AVFrame *frame)
{
  return frame->format == AV_PIX_FMT_YUVJ420P
         || (frame->format == AV_PIX_FMT_YUV420P && frame->color_range == AVCOL_RANGE_JPEG);
}

static AVFrame *
convert (const AVFrame *frame, GError **error)
{
  g_autoptr (AVFrame) converted = av_frame_alloc ();
  struct SwsContext *sws;
  int ret;

  if (is_full_range_420 (frame) && av_frame_ref (converted, frame) >= 0)
    {
      converted->format = AV_PIX_FMT_YUVJ420P;
      converted->quality = FF_QP2LAMBDA * JPEG_QUALITY;
      return g_steal_pointer (&converted);
    }

  converted->width = frame->width;
  converted->height = frame->height;
  converted->format = AV_PIX_FMT_YUVJ420P;
  converted->color_range = AVCOL_RANGE_JPEG;
  converted->quality = FF_QP2LAMBDA * JPEG_QUALITY;
  if (frame->format == AV_PIX_FMT_YUV420P)
    {
      const RangeTables *tables = range_tables ();

      if (av_frame_get_buffer (converted, 0) < 0)
        {
          g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED,
                       _("Could not convert a frame for JPEG"));
          return NULL;
        }
      widen_plane (frame, converted, 0, tables->luma);
      widen_plane (frame, converted, 1, tables->chroma);
      widen_plane (frame, converted, 2, tables->chroma);
      return g_steal_pointer (&converted);
    }

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
