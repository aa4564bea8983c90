/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A libavfilter graph of one scaler: buffer → scale_cuda → buffersink for
 * a frame on the GPU, whose small output alone is downloaded; buffer →
 * scale → buffersink for a frame in memory (the same graph code, which
 * the unit tests run where no GPU is). The graph is built for the first
 * frame and again whenever the frame's size, format or GPU frame pool, or
 * the size asked for, changes (a new decoder after a reconnect or a fall
 * back to software brings a new pool).
 *
 * The result has square pixels: it is the picture as it is shown, and
 * its caller need not carry the source's sample aspect ratio along.
 *
 * One per thread, like every libav context; the graph runs in the
 * caller's thread (nb_threads 1). libavfilter is opened at the first
 * graph (scd-libavfilter.c says why).
 */
#include "config.h"

#include <glib/gi18n.h>

#include <libavutil/hwcontext.h>
#include <libavutil/pixdesc.h>

#include "scd-error.h"
#include "scd-gpu-frame.h"
#include "scd-gpu-shrink.h"
#include "scd-libav.h"
#include "scd-libavfilter.h"

struct _ScdGpuShrink
{
  const ScdLibavfilter *lib; /* once a graph was asked for */
  AVFilterGraph *graph;
  AVFilterContext *source;
  AVFilterContext *sink;
  AVFrame *output;

  /* What the graph was built for. */
  int in_width, in_height, in_format;
  const void *frames; /* the GPU frame pool's data, NULL in memory */
  int out_width, out_height;
};

ScdGpuShrink *
scd_gpu_shrink_new (void)
{
  ScdGpuShrink *shrink = g_new0 (ScdGpuShrink, 1);

  shrink->output = av_frame_alloc ();
  return shrink;
}

void
scd_gpu_shrink_free (ScdGpuShrink *shrink)
{
  if (shrink == NULL)
    return;
  if (shrink->graph != NULL)
    shrink->lib->graph_free (&shrink->graph);
  av_frame_free (&shrink->output);
  g_free (shrink);
}

static gboolean
matches (const ScdGpuShrink *shrink, const AVFrame *frame, int width, int height)
{
  const void *frames = frame->hw_frames_ctx != NULL ? frame->hw_frames_ctx->data : NULL;

  return shrink->graph != NULL && shrink->in_width == frame->width
         && shrink->in_height == frame->height && shrink->in_format == frame->format
         && shrink->frames == frames && shrink->out_width == width && shrink->out_height == height;
}

static int
build (ScdGpuShrink *shrink, const AVFrame *frame, int width, int height)
{
  const ScdLibavfilter *lib = shrink->lib;
  gboolean gpu = scd_gpu_frame_is_hardware (frame);
  const char *scaler = gpu ? "scale_cuda" : "scale";
  g_autofree char *source_args = NULL;
  g_autofree char *scaler_args = NULL;
  AVBufferSrcParameters *params;
  AVFilterContext *scale = NULL;
  AVRational sar = frame->sample_aspect_ratio;
  int ret;

  lib->graph_free (&shrink->graph);
  shrink->graph = lib->graph_alloc ();
  if (shrink->graph == NULL)
    return AVERROR (ENOMEM);
  shrink->graph->nb_threads = 1;

  if (sar.num <= 0 || sar.den <= 0)
    sar = (AVRational){ 1, 1 };
  source_args = g_strdup_printf ("video_size=%dx%d:pix_fmt=%s:time_base=1/1:pixel_aspect=%d/%d",
                                 frame->width, frame->height, av_get_pix_fmt_name (frame->format),
                                 sar.num, sar.den);
  /* An area average in memory; on the GPU, bicubic is the widest kernel
   * scale_cuda has. */
  scaler_args = gpu ? g_strdup_printf ("w=%d:h=%d:interp_algo=bicubic", width, height)
                    : g_strdup_printf ("w=%d:h=%d:flags=area", width, height);

  ret = lib->graph_create_filter (&shrink->source, lib->get_by_name ("buffer"), "in", source_args,
                                  NULL, shrink->graph);
  if (ret >= 0 && gpu)
    {
      params = lib->buffersrc_parameters_alloc ();
      if (params == NULL)
        return AVERROR (ENOMEM);
      params->hw_frames_ctx = frame->hw_frames_ctx;
      ret = lib->buffersrc_parameters_set (shrink->source, params);
      av_free (params);
    }
  if (ret >= 0 && lib->get_by_name (scaler) == NULL)
    ret = AVERROR_FILTER_NOT_FOUND;
  if (ret >= 0)
    ret = lib->graph_create_filter (&scale, lib->get_by_name (scaler), "shrink", scaler_args, NULL,
                                    shrink->graph);
  if (ret >= 0)
    ret = lib->graph_create_filter (&shrink->sink, lib->get_by_name ("buffersink"), "out", NULL,
                                    NULL, shrink->graph);
  if (ret >= 0)
    ret = lib->link (shrink->source, 0, scale, 0);
  if (ret >= 0)
    ret = lib->link (scale, 0, shrink->sink, 0);
  if (ret >= 0)
    ret = lib->graph_config (shrink->graph, NULL);
  if (ret < 0)
    {
      lib->graph_free (&shrink->graph);
      return ret;
    }

  shrink->in_width = frame->width;
  shrink->in_height = frame->height;
  shrink->in_format = frame->format;
  shrink->frames = frame->hw_frames_ctx != NULL ? frame->hw_frames_ctx->data : NULL;
  shrink->out_width = width;
  shrink->out_height = height;
  return 0;
}

/* A @width x @height copy of @frame in memory, with square pixels. */
AVFrame *
scd_gpu_shrink_frame (ScdGpuShrink *shrink,
                      const AVFrame *frame,
                      int width,
                      int height,
                      GError **error)
{
  g_autoptr (AVFrame) small = NULL;
  int ret = 0;

  if (width <= 0 || height <= 0 || frame->width <= 0 || frame->height <= 0)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Cannot shrink a %d×%d frame to %d×%d"),
                   frame->width, frame->height, width, height);
      return NULL;
    }
  if (shrink->lib == NULL)
    {
      shrink->lib = scd_libavfilter_get (error);
      if (shrink->lib == NULL)
        return NULL;
    }
  if (!matches (shrink, frame, width, height))
    ret = build (shrink, frame, width, height);
  if (ret >= 0)
    ret = shrink->lib->buffersrc_add_frame_flags (shrink->source, (AVFrame *) frame,
                                                  AV_BUFFERSRC_FLAG_KEEP_REF);
  if (ret >= 0)
    ret = shrink->lib->buffersink_get_frame (shrink->sink, shrink->output);
  if (ret < 0)
    {
      /* Built again for the next frame: a graph that failed may hold one. */
      shrink->lib->graph_free (&shrink->graph);
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not shrink a frame"));
      return NULL;
    }

  if (scd_gpu_frame_is_hardware (shrink->output))
    {
      small = av_frame_alloc ();
      if (!scd_gpu_frame_download (shrink->output, small, error))
        {
          av_frame_unref (shrink->output);
          return NULL;
        }
      av_frame_unref (shrink->output);
    }
  else
    {
      small = av_frame_alloc ();
      av_frame_move_ref (small, shrink->output);
    }
  small->sample_aspect_ratio = (AVRational){ 1, 1 };
  return g_steal_pointer (&small);
}
