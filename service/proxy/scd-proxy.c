/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Decode (NVDEC where a CUDA device opens, as "auto" sessions do; every
 * libav context here is this thread's), scale to the proxy's size (on the
 * GPU for a GPU frame, scd-gpu-shrink.c, so only the small frame is
 * downloaded), convert with swscale to yuvj420p, encode every frame with
 * libavcodec's MJPEG encoder and mux into Matroska with the source's
 * timestamps, so every source frame is there, at its time, and is a
 * keyframe a player can seek to.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include "scd-error.h"
#include "scd-safe-path.h"
#include "scd-gpu-frame.h"
#include "scd-gpu-shrink.h"
#include "scd-libav.h"
#include "scd-private-file.h"
#include "scd-proxy.h"
#include "scd-video-decoder.h"

/* MJPEG quantiser: 2 (best) to 31. A proxy is for finding frames. */
#define PROXY_QUALITY 5
#define PROGRESS_INTERVAL (250 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  AVFormatContext *input;
  AVStream *in_stream;
  AVCodecContext *decoder;
  struct SwsContext *sws;
  AVCodecContext *encoder;
  AVFormatContext *output;
  AVFrame *frame;
  ScdGpuShrink *gpu; /* made for the first GPU frame */
  gboolean gpu_failed;
  AVFrame *downloaded; /* a GPU frame, shrunk and copied off it */
  AVFrame *scaled;
  AVPacket *packet;
  gint64 last_pts;
  GCancellable *cancellable;
  ScdProxyProgressFunc progress;
  gpointer user_data;
  gint64 last_progress;
} Proxy;

static void
proxy_clear (Proxy *p)
{
  avformat_close_input (&p->input);
  avcodec_free_context (&p->decoder);
  sws_freeContext (p->sws);
  avcodec_free_context (&p->encoder);
  if (p->output != NULL)
    {
      avio_closep (&p->output->pb);
      avformat_free_context (p->output);
    }
  av_frame_free (&p->frame);
  av_frame_free (&p->downloaded);
  scd_gpu_shrink_free (p->gpu);
  av_frame_free (&p->scaled);
  av_packet_free (&p->packet);
}

gboolean
scd_proxy_is_up_to_date (const char *input, const char *output)
{
  GStatBuf in, out;

  return g_stat (input, &in) == 0 && g_lstat (output, &out) == 0 && S_ISREG (out.st_mode)
         && out.st_mtime >= in.st_mtime;
}

static int
interrupt_cb (void *opaque)
{
  return g_cancellable_is_cancelled (G_CANCELLABLE (opaque));
}

static int
even (double value)
{
  return MAX (2, 2 * (int) lround (value / 2.0));
}

static gboolean
open_input (Proxy *p, const char *path, GError **error)
{
  g_autofree char *description = NULL;
  int ret, index;

  p->input = avformat_alloc_context ();
  p->input->interrupt_callback.callback = interrupt_cb;
  p->input->interrupt_callback.opaque = p->cancellable;
  if ((ret = avformat_open_input (&p->input, path, NULL, NULL)) < 0
      || (ret = avformat_find_stream_info (p->input, NULL)) < 0)
    {
      scd_set_av_error (error, SCD_ERROR_SOURCE_UNAVAILABLE, ret, path);
      return FALSE;
    }
  index = av_find_best_stream (p->input, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
  if (index < 0 || (p->input->streams[index]->disposition & AV_DISPOSITION_ATTACHED_PIC))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_STATE, _("“%s” has no video"), path);
      return FALSE;
    }
  p->in_stream = p->input->streams[index];
  for (unsigned i = 0; i < p->input->nb_streams; i++)
    if ((int) i != index)
      p->input->streams[i]->discard = AVDISCARD_ALL;
  p->decoder = scd_video_decoder_open (p->in_stream, SCD_HWACCEL_AUTO, FALSE, &description, error);
  g_debug ("Proxy of %s: %s", path, description);
  return p->decoder != NULL;
}

static gboolean
open_output (Proxy *p, const char *path, guint height, GError **error)
{
  const AVCodec *mjpeg = avcodec_find_encoder (AV_CODEC_ID_MJPEG);
  AVCodecParameters *par = p->in_stream->codecpar;
  AVRational sar = par->sample_aspect_ratio;
  double aspect = (double) par->width / par->height;
  AVStream *out;
  g_autofree char *open_path = NULL;
  int ret, h;

  if (mjpeg == NULL)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED, _("This FFmpeg has no MJPEG encoder"));
      return FALSE;
    }
  if (sar.num > 0 && sar.den > 0)
    aspect *= av_q2d (sar);
  h = even (MIN ((int) height, par->height));

  p->encoder = avcodec_alloc_context3 (mjpeg);
  p->encoder->width = even (h * aspect);
  p->encoder->height = h;
  p->encoder->pix_fmt = AV_PIX_FMT_YUVJ420P;
  p->encoder->time_base = p->in_stream->time_base;
  p->encoder->flags |= AV_CODEC_FLAG_QSCALE;
  p->encoder->global_quality = FF_QP2LAMBDA * PROXY_QUALITY;
  p->encoder->thread_count = 0;
  if ((ret = avcodec_open2 (p->encoder, mjpeg, NULL)) < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Cannot open the MJPEG encoder"));
      return FALSE;
    }

  if ((ret = avformat_alloc_output_context2 (&p->output, NULL, "matroska", path)) < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Cannot make a Matroska file"));
      return FALSE;
    }
  out = avformat_new_stream (p->output, NULL);
  avcodec_parameters_from_context (out->codecpar, p->encoder);
  out->time_base = p->in_stream->time_base;
  out->avg_frame_rate = p->in_stream->avg_frame_rate;
  open_path = scd_private_file_create (path, error);
  if (open_path == NULL)
    return FALSE;
  if ((ret = avio_open (&p->output->pb, open_path, AVIO_FLAG_WRITE)) < 0
      || (ret = avformat_write_header (p->output, NULL)) < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, path);
      return FALSE;
    }
  p->frame = av_frame_alloc ();
  p->scaled = av_frame_alloc ();
  p->packet = av_packet_alloc ();
  p->scaled->format = AV_PIX_FMT_YUVJ420P;
  p->scaled->width = p->encoder->width;
  p->scaled->height = p->encoder->height;
  p->last_pts = AV_NOPTS_VALUE;
  if (av_frame_get_buffer (p->scaled, 0) < 0)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Cannot scale the video for a proxy"));
      return FALSE;
    }
  return TRUE;
}

/* Encodes @frame (NULL: drains) and writes what comes out. */
static gboolean
encode (Proxy *p, const AVFrame *frame, GError **error)
{
  int ret = avcodec_send_frame (p->encoder, frame);

  while (ret >= 0)
    {
      ret = avcodec_receive_packet (p->encoder, p->packet);
      if (ret == AVERROR (EAGAIN) || ret == AVERROR_EOF)
        return TRUE;
      if (ret < 0)
        break;
      p->packet->stream_index = 0;
      p->packet->flags |= AV_PKT_FLAG_KEY;
      av_packet_rescale_ts (p->packet, p->encoder->time_base, p->output->streams[0]->time_base);
      ret = av_interleaved_write_frame (p->output, p->packet);
    }
  scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Cannot write the proxy"));
  return FALSE;
}

static gboolean
take_frame (Proxy *p, GError **error)
{
  const AVFrame *frame = p->frame;
  gint64 pts = p->frame->best_effort_timestamp;
  int ret;

  if (!scd_video_decoder_check_size (frame->width, frame->height, error))
    return FALSE;
  if (scd_gpu_frame_is_hardware (frame))
    {
      g_autoptr (GError) local_error = NULL;

      if (!p->gpu_failed)
        {
          if (p->gpu == NULL)
            p->gpu = scd_gpu_shrink_new ();
          p->downloaded = scd_gpu_shrink_frame (p->gpu, frame, p->scaled->width, p->scaled->height,
                                                &local_error);
          /* From now on, whole frames are downloaded and scaled here. */
          if (p->downloaded == NULL)
            {
              g_message ("Scaling proxy frames in memory: %s", local_error->message);
              p->gpu_failed = TRUE;
            }
        }
      if (p->downloaded == NULL)
        p->downloaded = scd_gpu_frame_to_memory (frame, error);
      if (p->downloaded == NULL)
        return FALSE;
      frame = p->downloaded;
    }
  /* A frame of another size than the stream said: scale it all the same. */
  p->sws = sws_getCachedContext (p->sws, frame->width, frame->height, frame->format,
                                 p->scaled->width, p->scaled->height, AV_PIX_FMT_YUVJ420P,
                                 SWS_BICUBIC, NULL, NULL, NULL);
  if (p->sws == NULL || (ret = av_frame_make_writable (p->scaled)) < 0)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Cannot scale the video for a proxy"));
      return FALSE;
    }
  sws_scale (p->sws, (const guint8 *const *) frame->data, frame->linesize, 0, frame->height,
             p->scaled->data, p->scaled->linesize);
  /* Matroska wants rising timestamps; a frame without one follows the last. */
  if (pts == AV_NOPTS_VALUE || (p->last_pts != AV_NOPTS_VALUE && pts <= p->last_pts))
    pts = p->last_pts == AV_NOPTS_VALUE ? 0 : p->last_pts + 1;
  p->last_pts = pts;
  p->scaled->pts = pts;
  return encode (p, p->scaled, error);
}

/* Decodes @packet (NULL: drains) and encodes every frame. */
static gboolean
decode (Proxy *p, const AVPacket *packet, GError **error)
{
  int ret = avcodec_send_packet (p->decoder, packet);

  /* A damaged packet is skipped, as the session's own pass does. */
  if (ret < 0 && ret != AVERROR_EOF)
    return TRUE;
  for (;;)
    {
      ret = avcodec_receive_frame (p->decoder, p->frame);
      if (ret == AVERROR (EAGAIN) || ret == AVERROR_EOF)
        return TRUE;
      if (ret < 0)
        return TRUE;
      if (!take_frame (p, error))
        {
          av_frame_unref (p->frame);
          av_frame_free (&p->downloaded);
          return FALSE;
        }
      av_frame_unref (p->frame);
      av_frame_free (&p->downloaded);
    }
}

static void
report (Proxy *p, const AVPacket *packet)
{
  gint64 now = g_get_monotonic_time ();
  double fraction;

  if (p->progress == NULL || now - p->last_progress < PROGRESS_INTERVAL || p->input->duration <= 0
      || packet->pts == AV_NOPTS_VALUE)
    return;
  p->last_progress = now;
  fraction = (double) av_rescale_q (packet->pts, p->in_stream->time_base, AV_TIME_BASE_Q)
             / (double) p->input->duration;
  p->progress (CLAMP (fraction, 0.0, 1.0), p->user_data);
}

static gboolean
run (Proxy *p, GError **error)
{
  int ret;

  while ((ret = av_read_frame (p->input, p->packet)) >= 0)
    {
      gboolean ok = TRUE;

      if (p->packet->stream_index == p->in_stream->index)
        {
          report (p, p->packet);
          ok = decode (p, p->packet, error);
        }
      av_packet_unref (p->packet);
      if (!ok)
        return FALSE;
      if (g_cancellable_set_error_if_cancelled (p->cancellable, error))
        return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (p->cancellable, error))
    return FALSE;
  if (!decode (p, NULL, error) || !encode (p, NULL, error))
    return FALSE;
  if ((ret = av_write_trailer (p->output)) < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Cannot write the proxy"));
      return FALSE;
    }
  return TRUE;
}

gboolean
scd_proxy_make (const char *input,
                const char *output,
                guint height,
                GCancellable *cancellable,
                ScdProxyProgressFunc progress,
                gpointer user_data,
                GError **error)
{
  g_autofree char *part = g_strconcat (output, ".part", NULL);
  g_autofree char *safe_part = scd_safe_path_resolve (part);
  g_autofree char *safe_output = scd_safe_path_resolve (output);
  Proxy p = { .cancellable = cancellable, .progress = progress, .user_data = user_data };
  gboolean ok;

  (void) g_unlink (safe_part); /* left by a crash */
  ok = open_input (&p, input, error) && open_output (&p, part, height, error) && run (&p, error);
  proxy_clear (&p);
  if (ok && g_rename (safe_part, safe_output) != 0)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not create “%s”: %s"), output,
                   g_strerror (errno));
      ok = FALSE;
    }
  if (!ok)
    (void) g_unlink (part);
  else if (progress != NULL)
    progress (1.0, user_data);
  return ok;
}
