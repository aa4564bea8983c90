/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libavcodec's mjpeg encoder wants full-range YUV; libswscale converts the
 * frame (range included) only for the frames that become JPEGs, so the
 * cost is paid per scene, not per decoded frame. The encoder and the
 * scaler are kept while the frame size stays the same.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-error.h"
#include "scd-jpeg-writer.h"
#include "scd-libav.h"

#include <libavutil/pixdesc.h>

/* mjpeg's qscale: 2 is near-transparent, 31 is mush. */
#define JPEG_QUALITY 3

struct _ScdJpegWriter
{
  AVCodecContext *encoder;
  struct SwsContext *sws;
  AVFrame *converted;
  int width, height, format;
  gint64 pts; /* the encoder wants rising timestamps */
};

ScdJpegWriter *
scd_jpeg_writer_new (void)
{
  return g_new0 (ScdJpegWriter, 1);
}

static void
reset (ScdJpegWriter *writer)
{
  avcodec_free_context (&writer->encoder);
  sws_freeContext (writer->sws);
  writer->sws = NULL;
  av_frame_free (&writer->converted);
}

void
scd_jpeg_writer_free (ScdJpegWriter *writer)
{
  if (writer == NULL)
    return;
  reset (writer);
  g_free (writer);
}

static gboolean
setup (ScdJpegWriter *writer, const AVFrame *frame, GError **error)
{
  const AVCodec *codec = avcodec_find_encoder (AV_CODEC_ID_MJPEG);
  int ret;

  reset (writer);
  if (codec == NULL)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED,
                   _("This FFmpeg has no JPEG encoder"));
      return FALSE;
    }

  writer->encoder = avcodec_alloc_context3 (codec);
  writer->encoder->width = frame->width;
  writer->encoder->height = frame->height;
  writer->encoder->pix_fmt = AV_PIX_FMT_YUVJ420P;
  writer->encoder->color_range = AVCOL_RANGE_JPEG;
  writer->encoder->time_base = (AVRational) { 1, 25 };
  writer->encoder->flags |= AV_CODEC_FLAG_QSCALE;
  writer->encoder->thread_count = 1;
  ret = avcodec_open2 (writer->encoder, codec, NULL);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not open the JPEG encoder"));
      reset (writer);
      return FALSE;
    }

  writer->sws = sws_getContext (frame->width, frame->height, frame->format, frame->width,
                                frame->height, AV_PIX_FMT_YUVJ420P, SWS_BICUBIC, NULL, NULL,
                                NULL);
  writer->converted = av_frame_alloc ();
  writer->converted->width = frame->width;
  writer->converted->height = frame->height;
  writer->converted->format = AV_PIX_FMT_YUVJ420P;
  if (writer->sws == NULL || av_frame_get_buffer (writer->converted, 0) < 0)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED,
                   _("Cannot convert frames of format “%s” to JPEG"),
                   av_get_pix_fmt_name (frame->format));
      reset (writer);
      return FALSE;
    }

  writer->width = frame->width;
  writer->height = frame->height;
  writer->format = frame->format;
  return TRUE;
}

gboolean
scd_jpeg_writer_write (ScdJpegWriter *writer,
                       const AVFrame *frame,
                       const char *path,
                       GError **error)
{
  g_autoptr (AVPacket) packet = av_packet_alloc ();
  g_autoptr (GError) local_error = NULL;
  int ret;

  if (writer->encoder == NULL || writer->width != frame->width
      || writer->height != frame->height || writer->format != frame->format)
    if (!setup (writer, frame, error))
      return FALSE;

  ret = av_frame_make_writable (writer->converted);
  if (ret >= 0)
    ret = sws_scale (writer->sws, (const guint8 *const *) frame->data, frame->linesize, 0,
                     frame->height, writer->converted->data, writer->converted->linesize);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not convert a frame for JPEG"));
      return FALSE;
    }

  writer->converted->quality = FF_QP2LAMBDA * JPEG_QUALITY;
  writer->converted->pts = writer->pts++;
  ret = avcodec_send_frame (writer->encoder, writer->converted);
  if (ret >= 0)
    ret = avcodec_receive_packet (writer->encoder, packet);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not encode a JPEG"));
      return FALSE;
    }

  if (!g_file_set_contents_full (path, (const char *) packet->data, packet->size,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not write “%s”: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}
