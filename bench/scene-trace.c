/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scene-trace [--tune NAME=VALUE...] FILE [THRESHOLD]: runs the service's scene detector
 * (service/scene/scd-scene-detector.c, the very code) over a file's video and
 * prints one line per frame: its index, timestamp, score, the score with
 * a scroll or pan undone when that was tried, and what the detector made
 * of it; then one line per frame it would write. Each decision comes with
 * its reason, the detector's debug messages (G_MESSAGES_DEBUG=scened-scene
 * unless set otherwise). For tuning the detector on a clip that
 * bench/scene-accuracy says it gets wrong.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "scd-libav.h"
#include "scd-option-table.h"
#include "scd-scene-detector.h"
#include "scd-scene-tuning-options.h"
#include "scd-scene-tuning.h"
#include "scd-session-options.h"
#include "scd-video-decoder.h"

typedef struct
{
  guint64 index;
  AVRational time_base;
  gint64 start;
} Trace;

static void
on_trace (const ScdSceneTrace *trace, gpointer user_data)
{
  Trace *t = user_data;

  printf ("%6" G_GUINT64_FORMAT " %9.3f %7.2f diff %6.2f", t->index, trace->timestamp, trace->score,
          trace->difference);
  if (!isnan (trace->compensated))
    printf (" comp %6.2f", trace->compensated);
  if (!isnan (trace->scrolled))
    printf (" scrolled %4.2f", trace->scrolled);
  if (!isnan (trace->content))
    printf (" content %4.2f went %4.2f", trace->content, trace->went);
  if (!isnan (trace->box.box))
    printf (" box %4.2f fill %4.2f border %4.2f", trace->box.box, trace->box.fill,
            trace->box.border);
  if (trace->candidate)
    printf (" candidate");
  if (trace->transition != NULL)
    printf (" fade:%s", trace->transition);
  printf ("\n");
  t->index++;
}

static void
on_keep (const AVFrame *frame,
         double timestamp,
         double score,
         ScdFrameReason reason,
         gpointer user_data)
{
  if (reason != SCD_FRAME_REASON_CANDIDATE)
    printf ("KEEP %s %.3f score %.2f\n", scd_frame_reason_to_string (reason), timestamp, score);
}

/* GVariant text: "[(0.8, 0, 0.2, 0.1)]" and "(0, 0, 0.5, 1)". */
static gboolean
parse_regions (const char *exclude, const char *watch, ScdSceneParams *params, GError **error)
{
  g_autoptr (GVariant) excluded = NULL;
  g_autoptr (GVariant) watched = NULL;

  if (exclude != NULL
      && ((excluded = g_variant_parse (G_VARIANT_TYPE (SCD_REGIONS_TYPE), exclude, NULL, NULL,
                                       error))
              == NULL
          || !scd_regions_set_exclude (&params->regions, excluded, error)))
    return FALSE;
  if (watch != NULL
      && ((watched = g_variant_parse (G_VARIANT_TYPE (SCD_REGION_TYPE), watch, NULL, NULL, error))
              == NULL
          || !scd_regions_set_watch (&params->regions, watched, error)))
    return FALSE;
  return TRUE;
}

int
main (int argc, char **argv)
{
  ScdSceneParams params = {
    scd_session_option ("scene-threshold")->default_number,
    scd_session_option ("min-scene-length")->default_number,
    scd_session_option ("max-frame-interval")->default_number,
    .settle_seconds = scd_session_option ("settle-seconds")->default_number
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *description = NULL;
  AVFormatContext *input = NULL;
  AVCodecContext *codec;
  AVPacket *packet;
  AVFrame *frame;
  ScdSceneDetector *detector;
  Trace trace = { 0 };
  int video;

  ScdTuneOptions tune = { 0 };
  g_autofree char *exclude = NULL, *watch = NULL;
  const GOptionEntry entries[] = {
    { "exclude", 0, 0, G_OPTION_ARG_STRING, &exclude,
      "Regions whose changes do not count (exclude-regions)", "[(X,Y,W,H),...]" },
    { "watch", 0, 0, G_OPTION_ARG_STRING, &watch, "The one region that counts (watch-region)",
      "(X,Y,W,H)" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE [THRESHOLD]");

  g_setenv ("G_MESSAGES_DEBUG", "scened-scene", FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, scd_tune_options_group (&tune));
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || !scd_tune_options_apply (&tune, &error)
      || !parse_regions (exclude, watch, &params, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (tune.list)
    {
      g_autofree char *table = scd_tune_describe ();

      printf ("%s", table);
      return 0;
    }
  scd_tune_options_clear (&tune);
  if (argc < 2)
    {
      fprintf (stderr, "usage: %s [--tune NAME=VALUE...] FILE [THRESHOLD]\n", argv[0]);
      return 2;
    }
  if (argc > 2)
    params.threshold = g_ascii_strtod (argv[2], NULL);

  if (avformat_open_input (&input, argv[1], NULL, NULL) < 0
      || avformat_find_stream_info (input, NULL) < 0)
    {
      fprintf (stderr, "cannot open %s\n", argv[1]);
      return 1;
    }
  video = av_find_best_stream (input, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
  if (video < 0)
    {
      fprintf (stderr, "no video in %s\n", argv[1]);
      return 1;
    }
  codec = scd_video_decoder_open (input->streams[video], SCD_HWACCEL_NONE, FALSE, &description,
                                  &error);
  if (codec == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  trace.time_base = input->streams[video]->time_base;
  trace.start = input->start_time == AV_NOPTS_VALUE ? 0 : input->start_time;

  detector = scd_scene_detector_new (on_keep, NULL);
  scd_scene_detector_set_trace_func (detector, on_trace, &trace);
  packet = av_packet_alloc ();
  frame = av_frame_alloc ();
  for (gboolean draining = FALSE;;)
    {
      int ret;

      if (!draining)
        {
          if (av_read_frame (input, packet) < 0)
            draining = TRUE;
          else if (packet->stream_index != video)
            {
              av_packet_unref (packet);
              continue;
            }
        }
      avcodec_send_packet (codec, draining ? NULL : packet);
      av_packet_unref (packet);
      while ((ret = avcodec_receive_frame (codec, frame)) >= 0)
        {
          double t = (double) frame->best_effort_timestamp * av_q2d (trace.time_base)
                     - (double) trace.start / AV_TIME_BASE;

          scd_scene_detector_push (detector, frame, t, &params);
          av_frame_unref (frame);
        }
      if (ret == AVERROR_EOF)
        break;
    }
  scd_scene_detector_finish (detector);

  scd_scene_detector_free (detector);
  av_frame_free (&frame);
  av_packet_free (&packet);
  avcodec_free_context (&codec);
  avformat_close_input (&input);
  return 0;
}
