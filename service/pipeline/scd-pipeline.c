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
 * The stages own what they write: the video stage its frame writer and
 * index (and the latest frame, for CaptureFrame), the audio stage its WAV
 * writer and index. Both report each written entry to one sink here,
 * which posts it to the main context. A frame and an audio packet flow
 * one way: source -> stage -> writer -> index -> signal. A live MPEG-TS's
 * video packets go through scd-ts-framer.c first, which hands each frame
 * on as soon as it is whole.
 *
 * PulseAudio is read on the session clock (scd-pulse-stage.c): for a
 * "pulse:" source by this thread, with no libavformat at all; for a video
 * session whose audio-source is "pulse:NAME", by a thread of its own with
 * an audio stage of its own.
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
#include "scd-safe-path.h"
#include "scd-libav.h"
#include "scd-pipeline.h"
#include "scd-pulse-stage.h"
#include "scd-recorder.h"
#include "scd-session-layout.h"
#include "scd-source.h"
#include "scd-stream-set.h"
#include "scd-timeline.h"
#include "scd-ts-framer.h"
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
  ScdVideoStage *video; /* CaptureFrame reaches it under the lock */

  /* Worker thread only. */
  GCancellable *cancellable;
  ScdTimeline timeline;
  ScdAudioStage *audio;
  guint segments;
  gint64 last_progress;
  double duration;
  gint64 pace_origin;         /* realtime: monotonic time of timeline 0 */
  ScdPulseStage *pulse;       /* a PulseAudio source or audio-source */
  ScdAudioStage *pulse_audio; /* beside a video source: the pulse thread's */
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
    .regions = options->regions,
    .settle_seconds = options->settle_seconds,
  };
  pipeline->chunk_seconds = options->audio_chunk_seconds;
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
  scd_video_stage_free (pipeline->video);
  scd_audio_stage_free (pipeline->audio);
  scd_pulse_stage_free (pipeline->pulse);
  scd_audio_stage_free (pipeline->pulse_audio);
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
  g_free (data->event.message);
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

/* Why the live source is not open, and when it is tried again: the
 * session's Error says so while it waits. */
static void
post_waiting (ScdPipeline *pipeline, const GError *why, gint64 retry)
{
  ScdPipelineEvent event = {
    .kind = SCD_PIPELINE_EVENT_WAITING,
    .message = g_strdup_printf (_("%s; trying again in %.1f s"), why->message,
                                (double) retry / G_USEC_PER_SEC),
  };

  post_event (pipeline, &event);
}

/* The stages' one sink: the frame writer's thread or an audio thread. */
static void
on_entry_written (ScdEntryKind kind, GVariant *entry, gpointer user_data)
{
  ScdPipelineEvent event = {
    .kind = kind == SCD_ENTRY_FRAME ? SCD_PIPELINE_EVENT_FRAME : SCD_PIPELINE_EVENT_CHUNK,
    .entry = g_variant_ref (entry),
  };

  post_event (user_data, &event);
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

/* The video stage's thread: every decoded frame, for the frame streams. */
static void
on_video_frame (const AVFrame *frame, double timestamp, gpointer user_data)
{
  ScdPipeline *pipeline = user_data;

  scd_stream_set_push_frame (pipeline->streams, frame, timestamp);
}

/* Main context: CaptureFrame. @task gets the entry once it is written. */
gboolean
scd_pipeline_capture (ScdPipeline *pipeline, GTask *task, GError **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&pipeline->lock);

  if (pipeline->video == NULL)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_STATE, _("No frame has been decoded yet"));
      return FALSE;
    }
  return scd_video_stage_capture (pipeline->video, task, error);
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
  g_autofree char *dir = scd_session_layout_dir (pipeline->directory, SCD_SESSION_PART_STREAM);

  if (!scd_safe_path_ensure_dir (dir, error))
    return NULL;
  *path = scd_session_layout_segment (dir, pipeline->segments + 1);
  pipeline->segments++;
  g_debug ("Recording segment %u: %s", pipeline->segments, *path);
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
  g_autofree char *audio_dir = scd_session_layout_dir (pipeline->directory, SCD_SESSION_PART_AUDIO);

  ScdAudioStage *stage = scd_audio_stage_new (
      pipeline->options->audio_sample_rate, pipeline->options->audio_channels, chunk_seconds,
      pipeline->options->audio_chunk_min, pipeline->options->audio_chunk_max, audio_dir,
      pipeline->chunks, on_entry_written, pipeline);

  scd_audio_stage_set_tap (stage, on_audio_samples, pipeline);
  /* A file ends, and its last piece may join the chunk before; live audio
   * stops, and what was captured is written as is. */
  scd_audio_stage_set_join_last (stage, pipeline->options->source_kind == SCD_SOURCE_KIND_FILE);
  return stage;
}

/* What one connection's packets go to. */
typedef struct
{
  AVFormatContext *input;
  int video_index;
  ScdRecorder *recorder; /* NULL: not recording */
  const char *segment_path;
  double segment_start;
} Connection;

/* One packet of the video or audio stream to the recorder and its stage
 * (leaving @packet empty). */
static gboolean
take_packet (ScdPipeline *pipeline, const Connection *connection, AVPacket *packet, GError **error)
{
  AVStream *stream = connection->input->streams[packet->stream_index];
  ScdSceneParams params;
  double chunk_seconds;
  gboolean ok = TRUE;
  gint64 arrival;

  map_timestamps (pipeline, packet, stream);
  pace (pipeline, packet, stream);
  /* When the media arrived, for the entries' wallclock: live, a gap
   * between senders shows here while the timeline closes it; a file
   * is read as fast as it decodes (or paced: realtime), so this is
   * when the session ran. */
  arrival = g_get_real_time ();
  read_settings (pipeline, &params, &chunk_seconds);
  if (connection->recorder != NULL)
    ok = scd_recorder_write (connection->recorder, packet, error);
  if (ok && packet->stream_index == connection->video_index)
    ok = scd_video_stage_push (pipeline->video, packet, arrival, &params, error);
  else if (ok)
    ok = scd_audio_stage_push (pipeline->audio, packet, arrival, chunk_seconds, error);
  av_packet_unref (packet);

  if (post_progress (pipeline, FALSE, FALSE) && connection->recorder != NULL)
    post_segment (pipeline, connection->segment_path, connection->segment_start, FALSE);
  return ok;
}

/* Reads one connection to its end. FALSE with @error set stops the
 * session; a live sender that sends nothing usable only ends the
 * connection. */
static gboolean
run_connection (ScdPipeline *pipeline, AVFormatContext *input, ScdTsReader *reader, GError **error)
{
  g_autoptr (AVPacket) packet = av_packet_alloc ();
  g_autoptr (ScdRecorder) recorder = NULL;
  g_autoptr (ScdTsFramer) framer = NULL;
  g_autofree char *segment_path = NULL;
  ScdSceneParams params;
  Connection connection;
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

  connection = (Connection){
    .input = input,
    .video_index = video_index,
    .recorder = recorder,
    .segment_path = segment_path,
    .segment_start = segment_start,
  };
  framer = video_index >= 0 ? scd_ts_framer_new (input, input->streams[video_index]) : NULL;
  while (ok && !g_cancellable_is_cancelled (pipeline->cancellable))
    {
      int ret = av_read_frame (input, packet);

      if (reader != NULL)
        scd_ts_reader_resume (reader);
      if (ret == AVERROR (EAGAIN))
        continue;
      if (ret < 0)
        {
          /* The end, a sender gone, or a file cut short: keep what was read. */
          if (ret != AVERROR_EOF && ret != AVERROR_EXIT)
            g_debug ("Reading stopped: %s", av_err2str (ret));
          if (framer != NULL)
            scd_ts_framer_drain (framer);
          while (ok && framer != NULL && scd_ts_framer_pop (framer, packet))
            ok = take_packet (pipeline, &connection, packet, error);
          break;
        }
      if (packet->stream_index != video_index && packet->stream_index != audio_index)
        av_packet_unref (packet);
      else if (framer != NULL && packet->stream_index == video_index)
        {
          scd_ts_framer_push (framer, packet);
          while (ok && scd_ts_framer_pop (framer, packet))
            ok = take_packet (pipeline, &connection, packet, error);
        }
      else
        ok = take_packet (pipeline, &connection, packet, error);
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

static double
pulse_chunk_seconds (gpointer user_data)
{
  ScdPipeline *pipeline = user_data;
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&pipeline->lock);

  return pipeline->chunk_seconds;
}

static void
pulse_overruns (guint64 overruns, gpointer user_data)
{
  ScdPipelineEvent event = { .kind = SCD_PIPELINE_EVENT_OVERRUNS, .overruns = overruns };

  post_event (user_data, &event);
}

static void
pulse_tick (gpointer user_data)
{
  post_progress (user_data, FALSE, FALSE);
}

/* Starts capturing: for a "pulse:" session, the whole of its audio, read
 * in this thread by run_pulse_only(); beside a video source, in a thread
 * of its own, at once. */
static gboolean
start_pulse (ScdPipeline *pipeline, const char *name, GError **error)
{
  static const ScdPulseStageFuncs only = { pulse_chunk_seconds, pulse_overruns, pulse_tick };
  static const ScdPulseStageFuncs beside = { pulse_chunk_seconds, pulse_overruns, NULL };
  gboolean pulse_only = pipeline->options->source_kind == SCD_SOURCE_KIND_PULSE;
  char *names[SCD_PULSE_SOURCES_MAX] = { NULL }, *labels[SCD_PULSE_SOURCES_MAX] = { NULL };
  ScdPulseCapture *captures[SCD_PULSE_SOURCES_MAX] = { NULL };
  char *sources[SCD_PULSE_SOURCES_MAX] = { NULL };
  guint n = scd_pulse_sources_split (name, names, labels);
  ScdAudioStage *stage;
  gboolean ok = n > 0;

  /* Two sources each start a capture of their own, on a connection each,
   * so one going away fails the session as a lone source does. */
  if (n == 0)
    g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                 _("Not one or two PulseAudio sources: “%s”"), name);
  for (guint i = 0; i < n && ok; i++)
    {
      captures[i] = scd_pulse_capture_start (names[i], pipeline->options->audio_sample_rate,
                                             pipeline->options->audio_channels, error);
      ok = captures[i] != NULL;
      if (!ok)
        break;
      /* What the entries' "source" says: the label, else the option's
       * own spelling of the source. */
      sources[i] = labels[i] != NULL ? g_strdup (labels[i])
                                     : g_strconcat (SCD_PULSE_PREFIX, names[i], NULL);
      g_debug ("Capturing PulseAudio source “%s”%s", *names[i] != '\0' ? names[i] : "(default)",
               pulse_only ? "" : " beside the video");
    }
  if (ok)
    {
      stage = new_audio_stage (pipeline, pipeline->chunk_seconds);
      scd_audio_stage_set_join_last (stage, FALSE); /* live, even beside a file's video */
      if (n > 1)
        scd_audio_stage_set_sources (stage, (const char *const *) sources, n);
      if (pulse_only)
        pipeline->audio = stage;
      else
        pipeline->pulse_audio = stage;
      pipeline->pulse = scd_pulse_stage_new (
          captures[0], stage, pipeline->options->audio_sample_rate,
          pipeline->options->audio_channels, pulse_only ? &only : &beside, pipeline);
      if (n > 1)
        scd_pulse_stage_add_capture (pipeline->pulse, captures[1]);
    }
  else
    for (guint i = 0; i < n; i++)
      scd_pulse_capture_free (captures[i]);
  for (guint i = 0; i < n; i++)
    {
      g_free (names[i]);
      g_free (labels[i]);
      g_free (sources[i]);
    }
  if (!ok)
    return FALSE;
  if (!pulse_only)
    scd_pulse_stage_start (pipeline->pulse, pipeline->cancellable);
  return TRUE;
}

/* A "pulse:" session: audio only, on the session clock. */
static gboolean
run_pulse_only (ScdPipeline *pipeline, GError **error)
{
  ScdPipelineEvent event = { .kind = SCD_PIPELINE_EVENT_CONNECTED, .live = TRUE };

  event.video_decoder = g_strdup ("");
  post_event (pipeline, &event);
  return scd_pulse_stage_run (pipeline->pulse, pipeline->cancellable, error);
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
  ScdVideoStage *video;

  read_settings (pipeline, &params, &chunk_seconds);
  if (ok && pipeline->video != NULL)
    ok = scd_video_stage_drain (pipeline->video, &params, error);
  if (ok && pipeline->audio != NULL && pipeline->options->source_kind != SCD_SOURCE_KIND_PULSE)
    ok = scd_audio_stage_finish (pipeline->audio, error);
  if (pipeline->pulse != NULL && !scd_pulse_stage_stop (pipeline->pulse, ok ? error : NULL))
    ok = FALSE;
  g_clear_pointer (&pipeline->pulse, scd_pulse_stage_free);

  /* A file whose streams were found, yet not one frame or sample of them
   * decoded: bytes that a demuxer took for its format. */
  if (ok && pipeline->options->source_kind == SCD_SOURCE_KIND_FILE
      && !g_cancellable_is_cancelled (pipeline->cancellable) && !decoded_anything (pipeline))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE,
                   _("Nothing in “%s” could be decoded"), pipeline->options->source);
      ok = FALSE;
    }

  if (pipeline->video != NULL)
    ok = scd_video_stage_finish (pipeline->video, ok ? error : NULL) && ok;

  post_progress (pipeline, TRUE, ok && !g_cancellable_is_cancelled (pipeline->cancellable));

  /* Nothing decodes any more: free the decoders here, in the worker. */
  {
    g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&pipeline->lock);

    video = g_steal_pointer (&pipeline->video);
  }
  scd_video_stage_free (video);
  g_clear_pointer (&pipeline->audio, scd_audio_stage_free);
  g_clear_pointer (&pipeline->pulse_audio, scd_audio_stage_free);
  return ok;
}

gboolean
scd_pipeline_run (ScdPipeline *pipeline, GCancellable *cancellable, GError **error)
{
  g_autofree char *frames_dir = scd_session_layout_dir (pipeline->directory,
                                                        SCD_SESSION_PART_FRAMES);
  const char *pulse_source = scd_session_options_pulse_source (pipeline->options);
  gboolean listener = scd_source_is_listener (pipeline->options);
  gint64 timeout = (gint64) (pipeline->options->connect_timeout * G_USEC_PER_SEC);
  gint64 waiting_since = g_get_monotonic_time ();
  gint64 retry = MIN_RETRY;
  gboolean never = FALSE;
  gboolean ok = TRUE;

  pipeline->cancellable = cancellable;
  if (pipeline->live)
    scd_timeline_init_live (&pipeline->timeline);

  if (pulse_source != NULL && !start_pulse (pipeline, pulse_source, error))
    return finish (pipeline, FALSE, NULL);
  if (pipeline->options->source_kind == SCD_SOURCE_KIND_PULSE)
    return finish (pipeline, run_pulse_only (pipeline, error), error);

  {
    g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&pipeline->lock);

    pipeline->video = scd_video_stage_new (frames_dir, pipeline->frames, pipeline->live,
                                           on_entry_written, pipeline);
    scd_video_stage_set_tap (pipeline->video, on_video_frame, pipeline);
  }

  while (ok && !g_cancellable_is_cancelled (cancellable))
    {
      /* Declared before the input, so freed after it: the input reads
       * through it. */
      g_autoptr (ScdTsReader) reader = NULL;
      g_autoptr (AVFormatContext) input = NULL;
      g_autoptr (GError) open_error = NULL;

      input = scd_source_open (pipeline->options, cancellable, &reader, &never, &open_error);
      if (input == NULL)
        {
          if (g_cancellable_is_cancelled (cancellable))
            break;
          if (!pipeline->live || never)
            {
              g_propagate_error (error, g_steal_pointer (&open_error));
              ok = FALSE;
              break;
            }
          if (!listener && timeout > 0 && g_get_monotonic_time () - waiting_since >= timeout)
            {
              g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE,
                           _("No connection for %g s (connect-timeout): %s"),
                           pipeline->options->connect_timeout, open_error->message);
              ok = FALSE;
              break;
            }
          /* A sender that sent garbage, or a server that is not up yet. */
          g_message ("Waiting for the source: %s", open_error->message);
          post_waiting (pipeline, open_error, retry);
          sleep_until (cancellable, g_get_monotonic_time () + retry);
          retry = MIN (retry * 2, MAX_RETRY);
          continue;
        }

      {
        gint64 connected = g_get_monotonic_time ();

        g_debug ("Source %s opened: %s, %u streams", pipeline->options->source,
                 input->iformat != NULL ? input->iformat->name : "?", input->nb_streams);
        ok = run_connection (pipeline, input, reader, error);
        waiting_since = g_get_monotonic_time ();
        if (reader != NULL)
          g_debug ("Frame ends told to the demuxer: %" G_GUINT64_FORMAT "%s",
                   scd_ts_reader_get_ends_told (reader),
                   !scd_ts_reader_is_watching (reader) ? " (not 188-byte TS packets)"
                   : scd_ts_reader_gave_up (reader)    ? " (then no more: padding inside a frame)"
                                                       : "");
        g_debug ("Connection ended after %.1f s%s",
                 (double) (g_get_monotonic_time () - connected) / G_USEC_PER_SEC,
                 ok ? "" : " with an error");
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
