/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One thread reads the source once and feeds each packet to the recorder
 * and to the video and audio stages; every libav context here belongs to
 * that thread (the frame writer has its own). Results go to the main
 * context as events (g_main_context_invoke_full), which is the only place
 * that touches D-Bus objects. Settings the main context changes while
 * running (threshold, chunk length) are read under a lock once per packet.
 *
 * A source is read as a series of connections. A file is one. A live
 * source that ends or breaks is opened again: a listener waits for the
 * next sender, a client URL retries with backoff. Each connection is a new
 * recording segment; its timestamps are mapped onto the one session
 * timeline (scd-timeline.c), rewritten in the packets themselves, so the
 * stages, the recorder and the indexes all see the same clock.
 *
 * PulseAudio (scd-pulse-capture.c) is read on the session clock: for a
 * "pulse:" source by this thread, with no libavformat at all; for a video
 * session whose audio-source is "pulse:NAME", by a second thread that owns
 * its own audio stage, so audio keeps coming while a live session waits
 * for its next sender.
 *
 * Cancellation reaches blocking libav calls through the AVIOInterruptCB.
 * A stopped pass still drains the decoders, finishes the frame writer and
 * closes the last chunk and segment, so Stop() loses nothing decoded.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "scd-audio-stage.h"
#include "scd-error.h"
#include "scd-frame-writer.h"
#include "scd-libav.h"
#include "scd-pipeline.h"
#include "scd-pulse-capture.h"
#include "scd-recorder.h"
#include "scd-source.h"
#include "scd-stream-set.h"
#include "scd-timeline.h"
#include "scd-video-stage.h"

/* Position/Progress and the growing segment's duration: a few times a
 * second for files, about once a second live. */
#define FILE_PROGRESS_INTERVAL (250 * G_TIME_SPAN_MILLISECOND)
#define LIVE_PROGRESS_INTERVAL G_TIME_SPAN_SECOND
#define MIN_RETRY (500 * G_TIME_SPAN_MILLISECOND)
#define MAX_RETRY (8 * G_TIME_SPAN_SECOND)
/* A client connection shorter than this does not reset the backoff: a
 * server that accepts and hangs up at once is not hammered. */
#define STABLE_CONNECTION (5 * G_TIME_SPAN_SECOND)

struct _ScdPipeline
{
  ScdSessionOptions *options; /* a copy */
  gboolean live;
  char *directory;
  ScdIndex *frames;
  ScdIndex *chunks;
  ScdStreamSet *streams;
  GMainContext *context;
  GObject *owner;
  ScdPipelineEventFunc event_func;

  GMutex lock;
  ScdSceneParams scene_params;
  double chunk_seconds;
  ScdFrameWriter *writer; /* NULL once finished */
  AVFrame *latest;        /* live: the last decoded frame, for CaptureFrame */
  double latest_timestamp;
  double latest_score;
  GPtrArray *captures; /* files: CaptureFrame tasks waiting for the next frame */

  /* Worker thread only. */
  GCancellable *cancellable;
  ScdTimeline timeline;
  ScdVideoStage *video;
  ScdAudioStage *audio;
  guint segments;
  gint64 last_progress;
  double duration;
  gint64 pace_origin; /* realtime: monotonic time of timeline 0 */
  ScdPulseCapture *pulse;
  GThread *pulse_thread; /* video sessions with PulseAudio audio */
  gint pulse_stop;       /* atomic */
  GError *pulse_error;   /* the pulse thread's, read after joining it */
};

typedef struct
{
  ScdPipeline *pipeline;
  GObject *owner;
  ScdPipelineEvent event;
} EventData;

ScdPipeline *
scd_pipeline_new (const ScdSessionOptions *options,
                  const char *directory,
                  ScdIndex *frames,
                  ScdIndex *chunks,
                  ScdStreamSet *streams,
                  GObject *owner,
                  ScdPipelineEventFunc event_func)
{
  ScdPipeline *pipeline = g_new0 (ScdPipeline, 1);

  pipeline->options = scd_session_options_copy (options);
  pipeline->live = options->source_kind != SCD_SOURCE_KIND_FILE;
  pipeline->directory = g_strdup (directory);
  pipeline->frames = scd_index_ref (frames);
  pipeline->chunks = scd_index_ref (chunks);
  pipeline->streams = scd_stream_set_ref (streams);
  pipeline->context = g_main_context_ref_thread_default ();
  pipeline->owner = owner; /* the owner outlives its pipeline */
  pipeline->event_func = event_func;
  g_mutex_init (&pipeline->lock);
  pipeline->scene_params = (ScdSceneParams){
    .threshold = options->scene_threshold,
    .min_scene_length = options->min_scene_length,
    .max_frame_interval = options->max_frame_interval,
  };
  pipeline->chunk_seconds = options->audio_chunk_seconds;
  pipeline->captures = g_ptr_array_new_with_free_func (g_object_unref);
  return pipeline;
}

void
scd_pipeline_free (ScdPipeline *pipeline)
{
  if (pipeline == NULL)
    return;
  scd_session_options_free (pipeline->options);
  g_free (pipeline->directory);
  scd_index_unref (pipeline->frames);
  scd_index_unref (pipeline->chunks);
  scd_stream_set_unref (pipeline->streams);
  g_main_context_unref (pipeline->context);
  scd_frame_writer_free (pipeline->writer);
  av_frame_free (&pipeline->latest);
  g_ptr_array_unref (pipeline->captures);
  scd_video_stage_free (pipeline->video);
  scd_audio_stage_free (pipeline->audio);
  scd_pulse_capture_free (pipeline->pulse);
  g_clear_error (&pipeline->pulse_error);
  g_mutex_clear (&pipeline->lock);
  g_free (pipeline);
}

void
scd_pipeline_set_scene_params (ScdPipeline *pipeline, const ScdSceneParams *params)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&pipeline->lock);

  pipeline->scene_params = *params;
}

void
scd_pipeline_set_chunk_seconds (ScdPipeline *pipeline, double seconds)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&pipeline->lock);

  pipeline->chunk_seconds = seconds;
}

/* ---- events ---- */

static gboolean
dispatch_event (gpointer user_data)
{
  EventData *data = user_data;

  data->pipeline->event_func (data->owner, &data->event);
  return G_SOURCE_REMOVE;
}

static void
free_event (gpointer user_data)
{
  EventData *data = user_data;

  g_free (data->event.video_decoder);
  g_free (data->event.path);
  g_clear_pointer (&data->event.entry, g_variant_unref);
  g_object_unref (data->owner);
  g_free (data);
}

/* Takes the event's strings and variant. Safe from any thread. */
static void
post_event (ScdPipeline *pipeline, const ScdPipelineEvent *event)
{
  EventData *data = g_new0 (EventData, 1);

  data->pipeline = pipeline;
  data->owner = g_object_ref (pipeline->owner);
  data->event = *event;
  g_main_context_invoke_full (pipeline->context, G_PRIORITY_DEFAULT, dispatch_event, data,
                              free_event);
}

static void
post_entry (ScdPipeline *pipeline, ScdPipelineEventKind kind, GVariant *entry)
{
  ScdPipelineEvent event = { .kind = kind, .entry = g_variant_ref (entry) };

  post_event (pipeline, &event);
}

/* Frame writer thread. */
static void
on_frame_written (GVariant *entry, gpointer user_data)
{
  post_entry (user_data, SCD_PIPELINE_EVENT_FRAME, entry);
}

static void
on_chunk_written (GVariant *entry, gpointer user_data)
{
  post_entry (user_data, SCD_PIPELINE_EVENT_CHUNK, entry);
}

static double
position (ScdPipeline *pipeline)
{
  double pos = 0.0;

  if (pipeline->video != NULL)
    pos = scd_video_stage_get_position (pipeline->video);
  if (pipeline->audio != NULL)
    pos = MAX (pos, scd_audio_stage_get_position (pipeline->audio));
  return pos;
}

static void
post_segment (ScdPipeline *pipeline, const char *path, double start, gboolean new_segment)
{
  ScdPipelineEvent event = {
    .kind = SCD_PIPELINE_EVENT_SEGMENT,
    .segment = pipeline->segments,
    .path = g_strdup (path),
    .start = start,
    .duration = MAX (0.0,
                     (double) scd_timeline_get_end (&pipeline->timeline) / G_USEC_PER_SEC - start),
    .new_segment = new_segment,
  };

  post_event (pipeline, &event);
}

/* Returns whether it was time to report. The last report (@last) always
 * goes out; @complete says the whole source was read. */
static gboolean
post_progress (ScdPipeline *pipeline, gboolean last, gboolean complete)
{
  gint64 now = g_get_monotonic_time ();
  ScdPipelineEvent event = { .kind = SCD_PIPELINE_EVENT_PROGRESS, .live = pipeline->live };

  if (!last
      && now - pipeline->last_progress
             < (pipeline->live ? LIVE_PROGRESS_INTERVAL : FILE_PROGRESS_INTERVAL))
    return FALSE;
  pipeline->last_progress = now;

  event.position = position (pipeline);
  if (pipeline->video != NULL)
    {
      event.frames_decoded = scd_video_stage_get_frames_decoded (pipeline->video);
      /* It changes when the GPU gives up and software takes over. */
      event.video_decoder = g_strdup (scd_video_stage_get_description (pipeline->video));
    }
  if (pipeline->duration > 0.0)
    event.progress = complete ? 1.0 : CLAMP (event.position / pipeline->duration, 0.0, 1.0);
  post_event (pipeline, &event);
  return TRUE;
}

/* ---- frames ---- */

/* Decode thread: every decoded frame.
 *
 * CaptureFrame wants the latest frame. A live session keeps a reference
 * to it, since its sender may have gone quiet; a file is decoded hundreds
 * of frames a second, so the next frame decoded is as good, and holding
 * no reference spares the decoder's pool a full-size buffer. */
static void
on_video_frame (const AVFrame *frame,
                double timestamp,
                double score,
                ScdFrameReason reason,
                gpointer user_data)
{
  ScdPipeline *pipeline = user_data;
  g_autoptr (GMutexLocker) locker = NULL;

  if (reason == SCD_FRAME_REASON_NONE)
    scd_stream_set_push_frame (pipeline->streams, frame, timestamp);
  locker = g_mutex_locker_new (&pipeline->lock);

  /* Live, a cut's JPEG is made while the frame after it is awaited. A
   * file has no one waiting on each cut, and a candidate that is not
   * confirmed would cost an encode for nothing. */
  if (reason == SCD_FRAME_REASON_CANDIDATE)
    {
      if (pipeline->live && pipeline->writer != NULL)
        scd_frame_writer_prepare (pipeline->writer, frame, timestamp);
      return;
    }
  if (reason != SCD_FRAME_REASON_NONE)
    {
      if (pipeline->writer != NULL)
        scd_frame_writer_push (pipeline->writer, frame, timestamp, score, reason, NULL);
      return;
    }

  if (pipeline->live)
    {
      if (pipeline->latest == NULL)
        pipeline->latest = av_frame_alloc ();
      av_frame_unref (pipeline->latest);
      if (av_frame_ref (pipeline->latest, frame) < 0)
        av_frame_unref (pipeline->latest);
      pipeline->latest_timestamp = timestamp;
      pipeline->latest_score = score;
    }
  while (pipeline->captures->len > 0 && pipeline->writer != NULL)
    {
      g_autoptr (GTask) task = g_ptr_array_steal_index (pipeline->captures, 0);

      scd_frame_writer_push (pipeline->writer, frame, timestamp, score, SCD_FRAME_REASON_CAPTURE,
                             task);
    }
}

/* Main context: CaptureFrame. @task gets the entry once it is written. */
gboolean
scd_pipeline_capture (ScdPipeline *pipeline, GTask *task, GError **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&pipeline->lock);

  if (!pipeline->live && pipeline->writer != NULL)
    {
      g_ptr_array_add (pipeline->captures, g_object_ref (task));
      return TRUE;
    }
  if (pipeline->writer == NULL || pipeline->latest == NULL || pipeline->latest->buf[0] == NULL)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_STATE, _("No frame has been decoded yet"));
      return FALSE;
    }
  scd_frame_writer_push (pipeline->writer, pipeline->latest, pipeline->latest_timestamp,
                         pipeline->latest_score, SCD_FRAME_REASON_CAPTURE, task);
  return TRUE;
}

/* ---- one connection ---- */

static void
read_settings (ScdPipeline *pipeline, ScdSceneParams *params, double *chunk_seconds)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&pipeline->lock);

  *params = pipeline->scene_params;
  *chunk_seconds = pipeline->chunk_seconds;
}

/* Sleeps until @until (monotonic), or until cancelled. */
static void
sleep_until (GCancellable *cancellable, gint64 until)
{
  while (!g_cancellable_is_cancelled (cancellable))
    {
      gint64 left = until - g_get_monotonic_time ();

      if (left <= 0)
        return;
      g_usleep (MIN (left, 50 * G_TIME_SPAN_MILLISECOND));
    }
}

static int
find_video_stream (AVFormatContext *input)
{
  int index = av_find_best_stream (input, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);

  /* Cover art is a video stream of one picture, not video. */
  if (index >= 0 && (input->streams[index]->disposition & AV_DISPOSITION_ATTACHED_PIC))
    return -1;
  return index;
}

/* Puts the packet's timestamps on the session timeline. */
static void
map_timestamps (ScdPipeline *pipeline, AVPacket *packet, AVStream *stream)
{
  gint64 ts = packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts;
  gint64 ts_us, delta;

  if (ts == AV_NOPTS_VALUE)
    return;
  ts_us = av_rescale_q (ts, stream->time_base, AV_TIME_BASE_Q);
  delta = scd_timeline_map (&pipeline->timeline, ts_us,
                            av_rescale_q (packet->duration, stream->time_base, AV_TIME_BASE_Q))
          - ts_us;
  delta = av_rescale_q (delta, AV_TIME_BASE_Q, stream->time_base);
  if (packet->pts != AV_NOPTS_VALUE)
    packet->pts += delta;
  if (packet->dts != AV_NOPTS_VALUE)
    packet->dts += delta;
}

/* realtime: a file read at its native rate, as if it were live. */
static void
pace (ScdPipeline *pipeline, const AVPacket *packet, AVStream *stream)
{
  gint64 ts = packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts;

  if (!pipeline->options->realtime || ts == AV_NOPTS_VALUE)
    return;
  if (pipeline->pace_origin == 0)
    pipeline->pace_origin = g_get_monotonic_time ();
  sleep_until (pipeline->cancellable,
               pipeline->pace_origin + av_rescale_q (ts, stream->time_base, AV_TIME_BASE_Q));
}

static ScdRecorder *
start_segment (ScdPipeline *pipeline,
               AVFormatContext *input,
               const int *streams,
               guint n_streams,
               char **path,
               GError **error)
{
  g_autofree char *dir = g_build_filename (pipeline->directory, "stream", NULL);
  g_autofree char *file = g_strdup_printf ("segment_%04u.ts", pipeline->segments + 1);

  if (g_mkdir (dir, 0700) != 0 && errno != EEXIST)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not create “%s”: %s"), dir,
                   g_strerror (errno));
      return NULL;
    }
  *path = g_build_filename (dir, file, NULL);
  pipeline->segments++;
  return scd_recorder_open (*path, input, streams, n_streams, error);
}

/* The audio thread (this one, or the PulseAudio one): every sample. */
static void
on_audio_samples (const gint16 *samples, gsize count, gpointer user_data)
{
  ScdPipeline *pipeline = user_data;

  scd_stream_set_push_samples (pipeline->streams, samples, count);
}

static ScdAudioStage *
new_audio_stage (ScdPipeline *pipeline, double chunk_seconds)
{
  g_autofree char *audio_dir = g_build_filename (pipeline->directory, "audio", NULL);

  ScdAudioStage *stage = scd_audio_stage_new (
      pipeline->options->audio_sample_rate, pipeline->options->audio_channels, chunk_seconds,
      audio_dir, pipeline->chunks, on_chunk_written, pipeline);

  scd_audio_stage_set_tap (stage, on_audio_samples, pipeline);
  return stage;
}

/* Reads one connection to its end. FALSE with @error set stops the
 * session; a live sender that sends nothing usable only ends the
 * connection. */
static gboolean
run_connection (ScdPipeline *pipeline, AVFormatContext *input, GError **error)
{
  g_autoptr (AVPacket) packet = av_packet_alloc ();
  g_autoptr (ScdRecorder) recorder = NULL;
  g_autofree char *segment_path = NULL;
  ScdSceneParams params;
  double chunk_seconds, segment_start;
  int video_index, audio_index = -1;
  int recorded[2];
  guint n_recorded = 0;
  gboolean ok = TRUE;

  read_settings (pipeline, &params, &chunk_seconds);
  video_index = find_video_stream (input);
  if (pipeline->options->audio_source == SCD_AUDIO_SOURCE_STREAM)
    audio_index = av_find_best_stream (input, AVMEDIA_TYPE_AUDIO, -1, video_index, NULL, 0);
  if (video_index < 0 && audio_index < 0)
    {
      if (pipeline->live)
        {
          g_message ("A sender sent neither video nor audio");
          return TRUE;
        }
      g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE,
                   _("The source has neither video nor audio to analyse"));
      return FALSE;
    }

  if (video_index >= 0)
    {
      if (pipeline->video == NULL)
        pipeline->video = scd_video_stage_new (on_video_frame, pipeline);
      if (!scd_video_stage_open (pipeline->video, input->streams[video_index],
                                 pipeline->options->hwaccel, pipeline->live, error))
        return FALSE;
      recorded[n_recorded++] = video_index;
    }
  if (audio_index >= 0)
    {
      if (pipeline->audio == NULL)
        pipeline->audio = new_audio_stage (pipeline, chunk_seconds);
      if (!scd_audio_stage_open (pipeline->audio, input->streams[audio_index], error))
        return FALSE;
      recorded[n_recorded++] = audio_index;
    }
  for (unsigned i = 0; i < input->nb_streams; i++)
    if ((int) i != video_index && (int) i != audio_index)
      input->streams[i]->discard = AVDISCARD_ALL;

  if (pipeline->live)
    scd_timeline_new_connection (&pipeline->timeline, input->start_time != AV_NOPTS_VALUE
                                                          ? input->start_time
                                                          : SCD_TIMELINE_UNKNOWN);
  else
    {
      scd_timeline_init_file (&pipeline->timeline,
                              input->start_time != AV_NOPTS_VALUE ? input->start_time : 0);
      pipeline->duration = input->duration > 0 ? (double) input->duration / AV_TIME_BASE : 0.0;
    }
  segment_start = (double) scd_timeline_get_end (&pipeline->timeline) / G_USEC_PER_SEC;

  if (pipeline->options->record)
    {
      recorder = start_segment (pipeline, input, recorded, n_recorded, &segment_path, error);
      if (recorder == NULL)
        return FALSE;
      post_segment (pipeline, segment_path, segment_start, TRUE);
    }

  {
    ScdPipelineEvent event = {
      .kind = SCD_PIPELINE_EVENT_CONNECTED,
      .video_decoder = g_strdup (pipeline->video != NULL && video_index >= 0
                                     ? scd_video_stage_get_description (pipeline->video)
                                     : ""),
      .live = pipeline->live,
      .duration = pipeline->duration,
    };
    post_event (pipeline, &event);
  }

  while (ok && !g_cancellable_is_cancelled (pipeline->cancellable))
    {
      int ret = av_read_frame (input, packet);
      AVStream *stream;

      if (ret == AVERROR (EAGAIN))
        continue;
      if (ret < 0)
        {
          /* The end, a sender gone, or a file cut short: keep what was read. */
          if (ret != AVERROR_EOF && ret != AVERROR_EXIT)
            g_debug ("Reading stopped: %s", av_err2str (ret));
          break;
        }
      if (packet->stream_index != video_index && packet->stream_index != audio_index)
        {
          av_packet_unref (packet);
          continue;
        }

      stream = input->streams[packet->stream_index];
      map_timestamps (pipeline, packet, stream);
      pace (pipeline, packet, stream);
      read_settings (pipeline, &params, &chunk_seconds);
      if (recorder != NULL)
        ok = scd_recorder_write (recorder, packet, error);
      if (ok && packet->stream_index == video_index)
        ok = scd_video_stage_push (pipeline->video, packet, &params, error);
      else if (ok)
        ok = scd_audio_stage_push (pipeline->audio, packet, chunk_seconds, error);
      av_packet_unref (packet);

      if (ok && scd_frame_writer_has_failed (pipeline->writer))
        ok = scd_frame_writer_finish (pipeline->writer, error);
      if (post_progress (pipeline, FALSE, FALSE) && recorder != NULL)
        post_segment (pipeline, segment_path, segment_start, FALSE);
    }

  /* Position catches up with what this connection brought, before the
   * session goes quiet waiting for the next one. */
  post_progress (pipeline, TRUE, FALSE);
  if (recorder != NULL)
    {
      GError **close_error = ok ? error : NULL;

      ok = scd_recorder_close (recorder, close_error) && ok;
      post_segment (pipeline, segment_path, segment_start, FALSE);
    }
  return ok;
}

/* ---- PulseAudio ---- */

/* How far the audio may fall behind the session clock before the gap is
 * filled with silence (PulseAudio delivers in fragments, a little late),
 * and how close to the clock the filling goes. */
#define PULSE_BEHIND_ALLOWED (250 * G_TIME_SPAN_MILLISECOND)
#define PULSE_FILL_MARGIN (50 * G_TIME_SPAN_MILLISECOND)

/* PulseAudio sends nothing at all while some sources are idle (a null
 * sink's monitor with nothing playing): when a read comes back empty and
 * the audio is behind the session clock, the gap is silence, so the
 * sample count keeps matching the session clock. */
static gboolean
fill_to_clock (ScdPipeline *pipeline,
               ScdAudioStage *stage,
               gint64 started,
               guint64 *captured,
               double chunk_seconds,
               GError **error)
{
  guint rate = pipeline->options->audio_sample_rate;
  gint64 clock = (g_get_monotonic_time () - started) * rate / G_USEC_PER_SEC;
  gint64 behind = clock - (gint64) *captured;
  g_autofree gint16 *zeros = NULL;
  gint64 fill;

  if (behind <= PULSE_BEHIND_ALLOWED * rate / G_USEC_PER_SEC)
    return TRUE;
  fill = behind - PULSE_FILL_MARGIN * rate / G_USEC_PER_SEC;
  zeros = g_new0 (gint16, (gsize) fill * pipeline->options->audio_channels);
  *captured += (guint64) fill;
  return scd_audio_stage_push_samples (stage, zeros, (gsize) fill, chunk_seconds, error);
}

/* Reads PulseAudio into @stage until cancelled or told to stop, then
 * closes the last chunk. */
static gboolean
run_pulse (ScdPipeline *pipeline, ScdAudioStage *stage, gboolean report_progress, GError **error)
{
  g_autoptr (GByteArray) buffer = g_byte_array_new ();
  gsize frame_bytes = sizeof (gint16) * pipeline->options->audio_channels;
  gint64 started = g_get_monotonic_time ();
  guint64 overruns = 0, captured = 0;
  gboolean ok = TRUE;

  while (ok && !g_cancellable_is_cancelled (pipeline->cancellable)
         && !g_atomic_int_get (&pipeline->pulse_stop))
    {
      ScdSceneParams params;
      double chunk_seconds;
      guint64 now_overruns;

      g_byte_array_set_size (buffer, 0);
      ok = scd_pulse_capture_read (pipeline->pulse, buffer, 100 * G_TIME_SPAN_MILLISECOND, error);
      read_settings (pipeline, &params, &chunk_seconds);
      if (ok && buffer->len >= frame_bytes)
        {
          captured += buffer->len / frame_bytes;
          ok = scd_audio_stage_push_samples (stage, (const gint16 *) buffer->data,
                                             buffer->len / frame_bytes, chunk_seconds, error);
        }
      else if (ok)
        ok = fill_to_clock (pipeline, stage, started, &captured, chunk_seconds, error);

      now_overruns = scd_pulse_capture_get_overruns (pipeline->pulse);
      if (now_overruns != overruns)
        {
          ScdPipelineEvent event = { .kind = SCD_PIPELINE_EVENT_OVERRUNS,
                                     .overruns = now_overruns };

          overruns = now_overruns;
          post_event (pipeline, &event);
        }
      if (report_progress)
        post_progress (pipeline, FALSE, FALSE);
    }

  return scd_audio_stage_finish (stage, ok ? error : NULL) && ok;
}

static gpointer
pulse_thread_func (gpointer user_data)
{
  ScdPipeline *pipeline = user_data;
  g_autoptr (ScdAudioStage) stage = new_audio_stage (pipeline, pipeline->chunk_seconds);

  run_pulse (pipeline, stage, FALSE, &pipeline->pulse_error);
  return NULL;
}

/* A "pulse:" session: audio only, on the session clock. */
static gboolean
run_pulse_only (ScdPipeline *pipeline, GError **error)
{
  ScdPipelineEvent event = { .kind = SCD_PIPELINE_EVENT_CONNECTED, .live = TRUE };

  pipeline->audio = new_audio_stage (pipeline, pipeline->chunk_seconds);
  event.video_decoder = g_strdup ("");
  post_event (pipeline, &event);
  return run_pulse (pipeline, pipeline->audio, TRUE, error);
}

/* ---- the whole pass ---- */

static gboolean
decoded_anything (ScdPipeline *pipeline)
{
  return (pipeline->video != NULL && scd_video_stage_get_frames_decoded (pipeline->video) > 0)
         || (pipeline->audio != NULL && scd_audio_stage_has_samples (pipeline->audio));
}

static gboolean
finish (ScdPipeline *pipeline, gboolean ok, GError **error)
{
  ScdSceneParams params;
  double chunk_seconds;
  ScdFrameWriter *writer;

  read_settings (pipeline, &params, &chunk_seconds);
  if (ok && pipeline->video != NULL)
    ok = scd_video_stage_push (pipeline->video, NULL, &params, error);
  if (ok && pipeline->video != NULL)
    scd_video_stage_finish (pipeline->video);
  if (ok && pipeline->audio != NULL && pipeline->options->source_kind != SCD_SOURCE_KIND_PULSE)
    ok = scd_audio_stage_finish (pipeline->audio, error);
  if (pipeline->pulse_thread != NULL)
    {
      g_atomic_int_set (&pipeline->pulse_stop, TRUE);
      g_thread_join (g_steal_pointer (&pipeline->pulse_thread));
      if (pipeline->pulse_error != NULL)
        {
          if (ok)
            g_propagate_error (error, g_steal_pointer (&pipeline->pulse_error));
          ok = FALSE;
        }
    }
  g_clear_pointer (&pipeline->pulse, scd_pulse_capture_free);

  /* A file whose streams were found, yet not one frame or sample of them
   * decoded: bytes that a demuxer took for its format. */
  if (ok && pipeline->options->source_kind == SCD_SOURCE_KIND_FILE
      && !g_cancellable_is_cancelled (pipeline->cancellable) && !decoded_anything (pipeline))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE,
                   _("Nothing in “%s” could be decoded"), pipeline->options->source);
      ok = FALSE;
    }

  {
    g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&pipeline->lock);

    writer = g_steal_pointer (&pipeline->writer);
    /* Asked for at the very end of a file, with no frame left to give. */
    for (guint i = 0; i < pipeline->captures->len; i++)
      g_task_return_new_error (g_ptr_array_index (pipeline->captures, i), SCD_ERROR,
                               SCD_ERROR_INVALID_STATE, _("No frame has been decoded yet"));
    g_ptr_array_set_size (pipeline->captures, 0);
  }
  ok = scd_frame_writer_finish (writer, ok ? error : NULL) && ok;
  scd_frame_writer_free (writer);

  post_progress (pipeline, TRUE, ok && !g_cancellable_is_cancelled (pipeline->cancellable));

  /* Nothing decodes any more: free the decoders here, in the worker. */
  g_clear_pointer (&pipeline->video, scd_video_stage_free);
  g_clear_pointer (&pipeline->audio, scd_audio_stage_free);
  {
    g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&pipeline->lock);

    av_frame_free (&pipeline->latest);
  }

  return ok;
}

gboolean
scd_pipeline_run (ScdPipeline *pipeline, GCancellable *cancellable, GError **error)
{
  g_autofree char *frames_dir = g_build_filename (pipeline->directory, "frames", NULL);
  gboolean listener = scd_source_is_listener (pipeline->options);
  gint64 retry = MIN_RETRY;
  gboolean ok = TRUE;

  pipeline->cancellable = cancellable;
  pipeline->writer = scd_frame_writer_new (frames_dir, pipeline->frames, on_frame_written,
                                           pipeline);
  if (pipeline->live)
    scd_timeline_init_live (&pipeline->timeline);

  if (scd_session_options_pulse_source (pipeline->options) != NULL)
    {
      const char *name = scd_session_options_pulse_source (pipeline->options);

      pipeline->pulse = scd_pulse_capture_start (name, pipeline->options->audio_sample_rate,
                                                 pipeline->options->audio_channels, error);
      if (pipeline->pulse == NULL)
        return finish (pipeline, FALSE, NULL);
      if (pipeline->options->source_kind == SCD_SOURCE_KIND_PULSE)
        return finish (pipeline, run_pulse_only (pipeline, error), error);
      pipeline->pulse_thread = g_thread_new ("scened-pulse", pulse_thread_func, pipeline);
    }

  while (ok && !g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr (AVFormatContext) input = NULL;
      g_autoptr (GError) open_error = NULL;

      input = scd_source_open (pipeline->options, cancellable, &open_error);
      if (input == NULL)
        {
          if (g_cancellable_is_cancelled (cancellable))
            break;
          if (!pipeline->live)
            {
              g_propagate_error (error, g_steal_pointer (&open_error));
              ok = FALSE;
              break;
            }
          /* A sender that sent garbage, or a server that is not up yet. */
          g_message ("Waiting for the source: %s", open_error->message);
          sleep_until (cancellable, g_get_monotonic_time () + retry);
          retry = MIN (retry * 2, MAX_RETRY);
          continue;
        }

      {
        gint64 connected = g_get_monotonic_time ();

        ok = run_connection (pipeline, input, error);
        if (!pipeline->live)
          break;
        if (ok && !g_cancellable_is_cancelled (cancellable))
          {
            ScdPipelineEvent event = { .kind = SCD_PIPELINE_EVENT_DISCONNECTED };

            post_event (pipeline, &event);
          }

        /* A listener waits for the next sender at once; a client URL
         * reconnects after a pause that grows while connections stay short. */
        if (listener || g_get_monotonic_time () - connected >= STABLE_CONNECTION)
          retry = MIN_RETRY;
        if (!listener)
          {
            sleep_until (cancellable, g_get_monotonic_time () + retry);
            retry = MIN (retry * 2, MAX_RETRY);
          }
      }
    }

  return finish (pipeline, ok, error);
}
