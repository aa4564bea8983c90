/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every decoded frame is shrunk and scored against the previous one, and
 * the decision is made at once: nothing waits here for an encoder or a
 * disk. Kept frames go to the stage's frame writer (scd-frame-writer.c,
 * a thread of its own), which writes the JPEG, then the index, then
 * reports the entry to the sink: a frame flows one way, from the decoder
 * to NewFrames, as an audio packet does through the audio stage.
 *
 * Live, a cut's JPEG is made while the frame after it is awaited; a file
 * has no one waiting on each cut, and a candidate that is not confirmed
 * would cost an encode for nothing.
 *
 * CaptureFrame (from the main context, hence the lock) wants the latest
 * frame. A live session keeps a reference to it, since its sender may
 * have gone quiet; a file is decoded hundreds of frames a second, so the
 * next frame decoded is as good, and holding no reference spares the
 * decoder's pool a full-size buffer.
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
#include "scd-frame-arrival.h"
#include "scd-frame-writer.h"
#include "scd-gpu-frame.h"
#include "scd-libav.h"
#include "scd-scene-detector.h"
#include "scd-video-decoder.h"
#include "scd-video-stage.h"

struct _ScdVideoStage
{
  gboolean live;
  ScdVideoTapFunc tap;
  gpointer tap_data;
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
  ScdFrameArrival arrival; /* of the packets lately pushed */

  GMutex lock;            /* the decoding thread and CaptureFrame */
  ScdFrameWriter *writer; /* NULL once finished */
  AVFrame *latest;        /* live: the last decoded frame */
  double latest_timestamp;
  double latest_score;
  GPtrArray *captures; /* files: CaptureFrame tasks waiting for the next frame */
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
  scd_frame_writer_free (stage->writer);
  av_frame_free (&stage->latest);
  g_ptr_array_unref (stage->captures);
  g_mutex_clear (&stage->lock);
  g_free (stage);
}

static void keep_frame (const AVFrame *frame,
                        double timestamp,
                        double score,
                        ScdFrameReason reason,
                        gpointer user_data);

/* @frames_dir and @index: where kept frames go; @sink hears of each once
 * it is written, from the writer's thread. */
ScdVideoStage *
scd_video_stage_new (const char *frames_dir,
                     ScdIndex *index,
                     gboolean live,
                     ScdEntrySinkFunc sink,
                     gpointer user_data)
{
  ScdVideoStage *stage = g_new0 (ScdVideoStage, 1);

  stage->live = live;
  g_mutex_init (&stage->lock);
  stage->writer = scd_frame_writer_new (frames_dir, index, sink, user_data);
  stage->captures = g_ptr_array_new_with_free_func (g_object_unref);
  stage->frame = av_frame_alloc ();
  stage->last_pts = AV_NOPTS_VALUE;
  stage->detector = scd_scene_detector_new (keep_frame, stage);
  return stage;
}

void
scd_video_stage_set_tap (ScdVideoStage *stage, ScdVideoTapFunc func, gpointer user_data)
{
  stage->tap = func;
  stage->tap_data = user_data;
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
  if (stage->codec != NULL && !scd_video_stage_push (stage, NULL, 0, NULL, error))
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
 * after it was decoded, and for each candidate cut as it is decoded. */
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
  g_autoptr (GMutexLocker) locker = NULL;

  if (reason == SCD_FRAME_REASON_CANDIDATE && !stage->live)
    return;
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

  locker = g_mutex_locker_new (&stage->lock);
  if (stage->writer == NULL)
    return;
  if (reason == SCD_FRAME_REASON_CANDIDATE)
    scd_frame_writer_prepare (stage->writer, frame, timestamp);
  else
    scd_frame_writer_push (stage->writer, frame, timestamp, score, reason, NULL);
}

/* Every decoded frame: the tap, and what CaptureFrame needs. */
static void
offer_frame (ScdVideoStage *stage, const AVFrame *frame, double timestamp, double score)
{
  g_autoptr (GMutexLocker) locker = NULL;

  if (stage->tap != NULL)
    stage->tap (frame, timestamp, stage->tap_data);

  locker = g_mutex_locker_new (&stage->lock);
  if (stage->live)
    {
      if (stage->latest == NULL)
        stage->latest = av_frame_alloc ();
      av_frame_unref (stage->latest);
      if (av_frame_ref (stage->latest, frame) < 0)
        av_frame_unref (stage->latest);
      stage->latest_timestamp = timestamp;
      stage->latest_score = score;
    }
  while (stage->captures->len > 0 && stage->writer != NULL)
    {
      g_autoptr (GTask) task = g_ptr_array_steal_index (stage->captures, 0);

      scd_frame_writer_push (stage->writer, frame, timestamp, score, SCD_FRAME_REASON_CAPTURE,
                             task);
    }
}

/* The wallclock of its entry, if it is kept, taken before the frame is
 * shared with anyone. */
static void
stamp_arrival (ScdVideoStage *stage, AVFrame *frame)
{
  gint64 pts = frame->pts != AV_NOPTS_VALUE ? frame->pts : frame->best_effort_timestamp;

  if (!scd_frame_arrival_stamp (frame, scd_frame_arrival_lookup (&stage->arrival, pts)))
    g_debug ("No memory for a frame's arrival time; its entry goes without");
}

static void
handle_frame (ScdVideoStage *stage, AVFrame *frame, const ScdSceneParams *params)
{
  double timestamp = frame_timestamp (stage, frame);
  double score;

  stamp_arrival (stage, frame);

  stage->frames_decoded++;
  stage->position = MAX (stage->position, timestamp);
  score = scd_scene_detector_push (stage->detector, frame, timestamp, params);
  offer_frame (stage, frame, timestamp, score);
}

/* Any thread (CaptureFrame, from the main context): @task gets the entry
 * once it is written. A live session's latest frame is written now; a
 * file's next decoded frame will be. */
gboolean
scd_video_stage_capture (ScdVideoStage *stage, GTask *task, GError **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&stage->lock);

  if (!stage->live && stage->writer != NULL)
    {
      g_ptr_array_add (stage->captures, g_object_ref (task));
      return TRUE;
    }
  if (stage->writer == NULL || stage->latest == NULL || stage->latest->buf[0] == NULL)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_STATE, _("No frame has been decoded yet"));
      return FALSE;
    }
  scd_frame_writer_push (stage->writer, stage->latest, stage->latest_timestamp, stage->latest_score,
                         SCD_FRAME_REASON_CAPTURE, task);
  return TRUE;
}

/* Decodes @packet, or drains the decoder when it is NULL; @arrival: the
 * real time @packet was read (g_get_real_time()). */
gboolean
scd_video_stage_push (ScdVideoStage *stage,
                      const AVPacket *packet,
                      gint64 arrival,
                      const ScdSceneParams *params,
                      GError **error)
{
  static const ScdSceneParams no_cuts = { 101.0, 0.0, 0.0 };
  int ret;

  if (stage->codec == NULL)
    return TRUE;
  /* A frame could not be written: the session stops, and CaptureFrame is
   * refused from now on. */
  if (stage->writer != NULL && scd_frame_writer_has_failed (stage->writer))
    return scd_video_stage_finish (stage, error);
  if (packet != NULL)
    scd_frame_arrival_note (&stage->arrival, packet->pts, arrival);
  ret = avcodec_send_packet (stage->codec, packet);

  /* A damaged packet is skipped; the decoder resynchronises by itself. */
  if (ret < 0 && ret != AVERROR_EOF && ret != AVERROR (EAGAIN))
    g_debug ("Skipping a video packet the decoder refused");

  for (;;)
    {
      AVFrame *frame = stage->frame;

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

/* The end of the source: the decoder gives what it holds, and the
 * frames the detector still holds are decided. */
gboolean
scd_video_stage_drain (ScdVideoStage *stage, const ScdSceneParams *params, GError **error)
{
  if (!scd_video_stage_push (stage, NULL, 0, params, error))
    return FALSE;
  scd_scene_detector_finish (stage->detector);
  return TRUE;
}

/* Every kept frame is written; CaptureFrame is refused from now on. */
gboolean
scd_video_stage_finish (ScdVideoStage *stage, GError **error)
{
  ScdFrameWriter *writer;
  gboolean ok;

  {
    g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&stage->lock);

    writer = g_steal_pointer (&stage->writer);
    /* Asked for at the very end of a file, with no frame left to give. */
    for (guint i = 0; i < stage->captures->len; i++)
      g_task_return_new_error (g_ptr_array_index (stage->captures, i), SCD_ERROR,
                               SCD_ERROR_INVALID_STATE, _("No frame has been decoded yet"));
    g_ptr_array_set_size (stage->captures, 0);
    av_frame_free (&stage->latest);
  }
  if (writer == NULL)
    return TRUE;
  ok = scd_frame_writer_finish (writer, error);
  scd_frame_writer_free (writer);
  return ok;
}
