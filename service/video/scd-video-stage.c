/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every decoded frame is shrunk and scored against the previous one, and
 * the decision is made at once: nothing waits here for an encoder or a
 * disk (the caller hands kept frames to scd-frame-writer.c).
 *
 * Packets arrive with the session timeline's timestamps (scd-timeline.c),
 * so a frame's timestamp is its presentation time. A reconnect opens a
 * new decoder for the new stream; the scene state (the previous image, the
 * neighbourhood) carries on, so a cut across a reconnect is still a cut.
 *
 * A CUDA decoder's frames stay on the GPU (scd-gpu-frame.c says where
 * they are downloaded); a frame kept for a JPEG is downloaded here, before
 * it is handed on, so the writer's queue holds no GPU surface. A hardware
 * failure (a frame that does not decode or does not download) reopens the
 * decoder in software and the session goes on from the next keyframe;
 * VideoDecoder says so.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-error.h"
#include "scd-gpu-frame.h"
#include "scd-libav.h"
#include "scd-scene-detector.h"
#include "scd-video-decoder.h"
#include "scd-video-stage.h"

struct _ScdVideoStage
{
  ScdVideoFrameFunc func;
  gpointer user_data;
  AVCodecContext *codec;
  AVStream *stream; /* the connection's, while it lasts */
  gboolean low_delay;
  AVFrame *frame;
  gboolean gpu_failed; /* a kept frame did not download */
  AVRational time_base;
  char *description;
  ScdSceneDetector *detector;
  guint64 frames_decoded;
  gint64 last_pts;
  double position;
};

void
scd_video_stage_free (ScdVideoStage *stage)
{
  if (stage == NULL)
    return;
  avcodec_free_context (&stage->codec);
  av_frame_free (&stage->frame);
  g_free (stage->description);
  scd_scene_detector_free (stage->detector);
  g_free (stage);
}

static void keep_frame (const AVFrame *frame,
                        double timestamp,
                        double score,
                        ScdFrameReason reason,
                        gpointer user_data);

ScdVideoStage *
scd_video_stage_new (ScdVideoFrameFunc func, gpointer user_data)
{
  ScdVideoStage *stage = g_new0 (ScdVideoStage, 1);

  stage->func = func;
  stage->user_data = user_data;
  stage->frame = av_frame_alloc ();
  stage->last_pts = AV_NOPTS_VALUE;
  stage->detector = scd_scene_detector_new (keep_frame, stage);
  return stage;
}

/* Decodes @stream from now on, after draining the previous stream's
 * decoder, if any. */
gboolean
scd_video_stage_open (ScdVideoStage *stage,
                      AVStream *stream,
                      ScdHwaccel hwaccel,
                      gboolean low_delay,
                      GError **error)
{
  if (stage->codec != NULL && !scd_video_stage_push (stage, NULL, NULL, error))
    return FALSE;
  avcodec_free_context (&stage->codec);
  g_clear_pointer (&stage->description, g_free);

  stage->codec = scd_video_decoder_open (stream, hwaccel, low_delay, &stage->description, error);
  if (stage->codec == NULL)
    return FALSE;
  stage->stream = stream;
  stage->low_delay = low_delay;
  stage->time_base = stream->time_base;
  stage->last_pts = AV_NOPTS_VALUE;
  return TRUE;
}

static gboolean
is_cuda (ScdVideoStage *stage)
{
  return stage->codec->hw_device_ctx != NULL;
}

/* The GPU failed us: software from here on. */
static gboolean
reopen_in_software (ScdVideoStage *stage, GError **error)
{
  g_message ("Hardware decoding failed; decoding %s in software from here on",
             avcodec_get_name (stage->codec->codec_id));
  avcodec_free_context (&stage->codec);
  g_clear_pointer (&stage->description, g_free);
  stage->codec = scd_video_decoder_open (stage->stream, SCD_HWACCEL_NONE, stage->low_delay,
                                         &stage->description, error);
  return stage->codec != NULL;
}

/* get_format chose software: NVDEC cannot decode this stream. */
static void
note_software (ScdVideoStage *stage, const AVFrame *frame)
{
  if (scd_gpu_frame_is_hardware (frame) || !is_cuda (stage)
      || !g_str_has_suffix (stage->description, " (cuda)"))
    return;
  g_free (stage->description);
  stage->description = g_strdup_printf ("%s (software)", avcodec_get_name (stage->codec->codec_id));
}

const char *
scd_video_stage_get_description (ScdVideoStage *stage)
{
  return stage->description;
}

guint64
scd_video_stage_get_frames_decoded (ScdVideoStage *stage)
{
  return stage->frames_decoded;
}

double
scd_video_stage_get_position (ScdVideoStage *stage)
{
  return stage->position;
}

/* A frame without a timestamp follows the previous one by its duration. */
static double
frame_timestamp (ScdVideoStage *stage, const AVFrame *frame)
{
  gint64 pts = frame->best_effort_timestamp;

  if (pts == AV_NOPTS_VALUE)
    pts = stage->last_pts == AV_NOPTS_VALUE ? 0 : stage->last_pts + MAX (frame->pkt_duration, 1);
  stage->last_pts = pts;
  return MAX (0.0, (double) pts * av_q2d (stage->time_base));
}

/* The detector calls this for each frame to write, maybe a few frames
 * after it was decoded. */
static void
keep_frame (const AVFrame *frame,
            double timestamp,
            double score,
            ScdFrameReason reason,
            gpointer user_data)
{
  ScdVideoStage *stage = user_data;
  g_autoptr (AVFrame) in_memory = NULL;
  g_autoptr (GError) error = NULL;

  if (scd_gpu_frame_is_hardware (frame))
    {
      in_memory = scd_gpu_frame_to_memory (frame, &error);
      if (in_memory == NULL)
        {
          g_message ("Lost the frame at %.3f s: %s", timestamp, error->message);
          stage->gpu_failed = TRUE;
          return;
        }
      frame = in_memory;
    }
  stage->func (frame, timestamp, score, reason, stage->user_data);
}

static void
handle_frame (ScdVideoStage *stage, const AVFrame *frame, const ScdSceneParams *params)
{
  double timestamp = frame_timestamp (stage, frame);
  double score;

  stage->frames_decoded++;
  stage->position = MAX (stage->position, timestamp);
  score = scd_scene_detector_push (stage->detector, frame, timestamp, params);
  stage->func (frame, timestamp, score, SCD_FRAME_REASON_NONE, stage->user_data);
}

/* Decodes @packet, or drains the decoder when it is NULL. */
gboolean
scd_video_stage_push (ScdVideoStage *stage,
                      const AVPacket *packet,
                      const ScdSceneParams *params,
                      GError **error)
{
  static const ScdSceneParams no_cuts = { 101.0, 0.0, 0.0 };
  int ret = avcodec_send_packet (stage->codec, packet);

  /* A damaged packet is skipped; the decoder resynchronises by itself. */
  if (ret < 0 && ret != AVERROR_EOF && ret != AVERROR (EAGAIN))
    g_debug ("Skipping a video packet the decoder refused");

  for (;;)
    {
      const AVFrame *frame = stage->frame;

      ret = avcodec_receive_frame (stage->codec, stage->frame);
      if (ret == AVERROR (EAGAIN) || ret == AVERROR_EOF)
        return TRUE;
      if (ret < 0 && is_cuda (stage))
        return reopen_in_software (stage, error);
      if (ret < 0)
        {
          g_debug ("Skipping a video frame the decoder could not decode");
          return TRUE;
        }
      note_software (stage, frame);
      /* A stream may grow past the limit after it began. */
      if (!scd_video_decoder_check_size (frame->width, frame->height, error))
        {
          av_frame_unref (stage->frame);
          return FALSE;
        }
      handle_frame (stage, frame, params != NULL ? params : &no_cuts);
      av_frame_unref (stage->frame);
      if (stage->gpu_failed)
        {
          stage->gpu_failed = FALSE;
          return reopen_in_software (stage, error);
        }
    }
}

/* The end of the session: frames the detector still holds are decided. */
void
scd_video_stage_finish (ScdVideoStage *stage)
{
  scd_scene_detector_finish (stage->detector);
}
