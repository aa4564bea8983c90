/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One thread reads the source once and feeds each packet to the video and
 * audio stages; every libav context here belongs to that thread. Results
 * go to the main context as events (g_main_context_invoke_full), which is
 * the only place that touches D-Bus objects. Settings the main context
 * changes while running (threshold, chunk length) are read under a lock
 * once per packet.
 *
 * Cancellation reaches blocking libav calls through the AVIOInterruptCB.
 * A stopped pass still drains the decoders and closes the last chunk, so
 * Stop() loses nothing that was decoded.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-audio-stage.h"
#include "scd-error.h"
#include "scd-libav.h"
#include "scd-pipeline.h"
#include "scd-video-stage.h"

/* PropertiesChanged for Position/Progress: a few a second is plenty. */
#define PROGRESS_INTERVAL_US (250 * G_TIME_SPAN_MILLISECOND)

struct _ScdPipeline
{
  ScdSessionOptions options; /* strings owned below */
  char *directory;
  ScdIndex *frames;
  ScdIndex *chunks;
  GMainContext *context;
  GObject *owner;
  ScdPipelineEventFunc event_func;

  GMutex lock;
  ScdSceneParams scene_params;
  double chunk_seconds;

  /* Worker thread only. */
  gint64 last_progress;
  double duration;
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
                  GObject *owner,
                  ScdPipelineEventFunc event_func)
{
  ScdPipeline *pipeline = g_new0 (ScdPipeline, 1);

  pipeline->options = *options;
  pipeline->options.source = g_strdup (options->source);
  pipeline->options.name = g_strdup (options->name);
  pipeline->options.audio_source = g_strdup (options->audio_source);
  pipeline->options.hwaccel = g_strdup (options->hwaccel);
  pipeline->directory = g_strdup (directory);
  pipeline->frames = scd_index_ref (frames);
  pipeline->chunks = scd_index_ref (chunks);
  pipeline->context = g_main_context_ref_thread_default ();
  pipeline->owner = owner; /* the owner outlives its pipeline */
  pipeline->event_func = event_func;
  g_mutex_init (&pipeline->lock);
  pipeline->scene_params = (ScdSceneParams) {
    .threshold = options->scene_threshold,
    .min_scene_length = options->min_scene_length,
    .max_frame_interval = options->max_frame_interval,
  };
  pipeline->chunk_seconds = options->audio_chunk_seconds;
  return pipeline;
}

void
scd_pipeline_free (ScdPipeline *pipeline)
{
  if (pipeline == NULL)
    return;
  g_free (pipeline->options.source);
  g_free (pipeline->options.name);
  g_free (pipeline->options.audio_source);
  g_free (pipeline->options.hwaccel);
  g_free (pipeline->directory);
  scd_index_unref (pipeline->frames);
  scd_index_unref (pipeline->chunks);
  g_main_context_unref (pipeline->context);
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
  g_clear_pointer (&data->event.entries, g_variant_unref);
  g_object_unref (data->owner);
  g_free (data);
}

/* Takes the event's strings and variant. */
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
post_entries (ScdPipeline *pipeline, GPtrArray *entries, ScdPipelineEventKind kind)
{
  if (entries->len == 0)
    return;

  if (kind == SCD_PIPELINE_EVENT_FRAMES)
    {
      ScdPipelineEvent event = {
        .kind = kind,
        .entries = g_variant_ref_sink (g_variant_new_array (
            G_VARIANT_TYPE_VARDICT, (GVariant **) entries->pdata, entries->len)),
      };
      post_event (pipeline, &event);
    }
  else
    {
      for (guint i = 0; i < entries->len; i++)
        {
          ScdPipelineEvent event = {
            .kind = kind,
            .entries = g_variant_ref (g_ptr_array_index (entries, i)),
          };
          post_event (pipeline, &event);
        }
    }
  g_ptr_array_set_size (entries, 0);
}

static void
post_progress (ScdPipeline *pipeline,
               ScdVideoStage *video,
               ScdAudioStage *audio,
               gboolean finished)
{
  gint64 now = g_get_monotonic_time ();
  ScdPipelineEvent event = { .kind = SCD_PIPELINE_EVENT_PROGRESS };

  if (!finished && now - pipeline->last_progress < PROGRESS_INTERVAL_US)
    return;
  pipeline->last_progress = now;

  if (video != NULL)
    {
      event.position = scd_video_stage_get_position (video);
      event.frames_decoded = scd_video_stage_get_frames_decoded (video);
    }
  if (audio != NULL)
    event.position = MAX (event.position, scd_audio_stage_get_position (audio));
  if (pipeline->duration > 0.0)
    event.progress = finished ? 1.0 : CLAMP (event.position / pipeline->duration, 0.0, 1.0);
  post_event (pipeline, &event);
}

static int
interrupt_cb (void *opaque)
{
  return g_cancellable_is_cancelled (G_CANCELLABLE (opaque));
}

static AVFormatContext *
open_input (ScdPipeline *pipeline, GCancellable *cancellable, GError **error)
{
  g_autoptr (AVFormatContext) input = avformat_alloc_context ();
  AVDictionary *dict = NULL;
  int ret;

  input->interrupt_callback.callback = interrupt_cb;
  input->interrupt_callback.opaque = cancellable;
  /* A file source reads that file and nothing else: no playlist or
   * reference inside it may pull in another protocol. */
  av_dict_set (&dict, "protocol_whitelist", "file", 0);

  ret = avformat_open_input (&input, pipeline->options.source, NULL, &dict);
  av_dict_free (&dict);
  if (ret < 0)
    {
      if (ret == AVERROR (ENOENT))
        g_set_error (error, SCD_ERROR, SCD_ERROR_NOT_FOUND, _("“%s” does not exist"),
                     pipeline->options.source);
      else if (ret == AVERROR_INVALIDDATA)
        g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE,
                     _("“%s” is not a media file scened can read"), pipeline->options.source);
      else
        scd_set_av_error (error, SCD_ERROR_SOURCE_UNAVAILABLE, ret,
                          pipeline->options.source);
      return NULL;
    }

  ret = avformat_find_stream_info (input, NULL);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_SOURCE_UNAVAILABLE, ret,
                        _("Could not find the streams of the source"));
      return NULL;
    }
  return g_steal_pointer (&input);
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

static void
read_settings (ScdPipeline *pipeline, ScdSceneParams *params, double *chunk_seconds)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&pipeline->lock);

  *params = pipeline->scene_params;
  *chunk_seconds = pipeline->chunk_seconds;
}

gboolean
scd_pipeline_run (ScdPipeline *pipeline, GCancellable *cancellable, GError **error)
{
  g_autoptr (AVFormatContext) input = NULL;
  g_autoptr (AVPacket) packet = av_packet_alloc ();
  g_autoptr (ScdVideoStage) video = NULL;
  g_autoptr (ScdAudioStage) audio = NULL;
  g_autoptr (GPtrArray) new_frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr (GPtrArray) new_chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autofree char *frames_dir = g_build_filename (pipeline->directory, "frames", NULL);
  g_autofree char *audio_dir = g_build_filename (pipeline->directory, "audio", NULL);
  ScdSceneParams params;
  double chunk_seconds;
  int video_index, audio_index = -1;
  gint64 origin;
  gboolean ok = TRUE;

  input = open_input (pipeline, cancellable, error);
  if (input == NULL)
    return FALSE;

  origin = input->start_time != AV_NOPTS_VALUE ? input->start_time : 0;
  pipeline->duration = input->duration > 0 ? (double) input->duration / AV_TIME_BASE : 0.0;
  read_settings (pipeline, &params, &chunk_seconds);

  video_index = find_video_stream (input);
  if (video_index >= 0)
    {
      video = scd_video_stage_new (input->streams[video_index], origin, pipeline->options.hwaccel,
                                   frames_dir, pipeline->frames, error);
      if (video == NULL)
        return FALSE;
    }
  if (g_str_equal (pipeline->options.audio_source, "stream"))
    audio_index = av_find_best_stream (input, AVMEDIA_TYPE_AUDIO, -1, video_index, NULL, 0);
  if (audio_index >= 0)
    {
      audio = scd_audio_stage_new (input->streams[audio_index], origin,
                                   pipeline->options.audio_sample_rate,
                                   pipeline->options.audio_channels, chunk_seconds, audio_dir,
                                   pipeline->chunks, error);
      if (audio == NULL)
        return FALSE;
    }
  if (video == NULL && audio == NULL)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE,
                   _("The source has neither video nor audio to analyse"));
      return FALSE;
    }
  for (unsigned i = 0; i < input->nb_streams; i++)
    if ((int) i != video_index && (int) i != audio_index)
      input->streams[i]->discard = AVDISCARD_ALL;

  {
    ScdPipelineEvent event = {
      .kind = SCD_PIPELINE_EVENT_OPENED,
      .video_decoder = g_strdup (video != NULL ? scd_video_stage_get_description (video) : ""),
      .live = FALSE,
      .duration = pipeline->duration,
    };
    post_event (pipeline, &event);
  }

  while (ok && !g_cancellable_is_cancelled (cancellable))
    {
      int ret = av_read_frame (input, packet);

      if (ret == AVERROR (EAGAIN))
        continue;
      if (ret < 0)
        {
          /* The end, or a file cut short: finish with what was readable. */
          if (ret != AVERROR_EOF && ret != AVERROR_EXIT)
            g_debug ("Reading stopped early: %s", av_err2str (ret));
          break;
        }

      read_settings (pipeline, &params, &chunk_seconds);
      if (packet->stream_index == video_index)
        ok = scd_video_stage_push (video, packet, &params, new_frames, error);
      else if (packet->stream_index == audio_index)
        ok = scd_audio_stage_push (audio, packet, chunk_seconds, new_chunks, error);
      av_packet_unref (packet);

      post_entries (pipeline, new_frames, SCD_PIPELINE_EVENT_FRAMES);
      post_entries (pipeline, new_chunks, SCD_PIPELINE_EVENT_CHUNK);
      post_progress (pipeline, video, audio, FALSE);
    }

  /* Drain even when stopped: what was decoded is kept. */
  if (ok && video != NULL)
    ok = scd_video_stage_push (video, NULL, &params, new_frames, error);
  if (ok && audio != NULL)
    ok = scd_audio_stage_push (audio, NULL, chunk_seconds, new_chunks, error);
  post_entries (pipeline, new_frames, SCD_PIPELINE_EVENT_FRAMES);
  post_entries (pipeline, new_chunks, SCD_PIPELINE_EVENT_CHUNK);
  post_progress (pipeline, video, audio, !g_cancellable_is_cancelled (cancellable));

  return ok;
}
