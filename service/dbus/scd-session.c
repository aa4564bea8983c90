/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * ScdSession owns a session's state and is the only thing that changes
 * its D-Bus properties. It subclasses the Session skeleton and owns the
 * SceneDetector and AudioExtractor skeletons of the same object.
 *
 * States: created -> starting -> running -> stopping -> stopped | failed.
 * The decode pass runs in a GTask thread (scd-pipeline.c); its events
 * arrive here in the main context. Everything that touches the disk runs
 * in a thread too: creating the directory, and writing session.json, which
 * is rewritten one write at a time whenever the state settles. A Stop()
 * call is answered once the session has stopped and the manifest is on
 * disk.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <gio/gunixfdlist.h>

#include "scd-call-guard.h"
#include "scd-caller-locale.h"
#include "scd-error.h"
#include "scd-index.h"
#include "scd-json-file.h"
#include "scd-manifest.h"
#include "scd-option-check.h"
#include "scd-pipeline.h"
#include "scd-proxy-job.h"
#include "scd-proxy.h"
#include "scd-chunk-entry.h"
#include "scd-frame-entry.h"
#include "scd-session-dir.h"
#include "scd-session-layout.h"
#include "scd-session-state.h"
#include "scd-session.h"
#include "scd-signal-pacer.h"
#include "scd-audio-stream.h"
#include "scd-stream-set.h"
#include "scd-session-detector.h"
#include "scd-session-extractor.h"

struct _ScdSession
{
  ScdDbusSessionSkeleton parent_instance;

  ScdSessionOptions *options;
  char *object_path;
  char *created;
  gint64 started_wallclock; /* for session.json: when Start() was called */
  ScdDbusSceneDetector *detector;
  ScdDbusAudioExtractor *audio;
  ScdIndex *frames;
  ScdIndex *chunks;
  ScdSignalPacer *new_frames;      /* NewFrames, a few a second at most */
  ScdStreamSet *streams;           /* OpenFrameStream, OpenAudioStream */
  GCancellable *proxy_cancellable; /* while GenerateProxy works */
  GPtrArray *waiting_streams;      /* OpenFrameStream calls waiting for a picture */
  double duration;
  GArray *segments; /* of ScdManifestSegment */

  ScdPipeline *pipeline;
  GCancellable *cancellable;
  gboolean pipeline_running;
  GPtrArray *pending_stops; /* of GTask */

  ScdSessionState state;       /* as published in Session.State */
  gboolean final_pending;      /* final_state waits for the manifest */
  ScdSessionState final_state; /* published once the manifest holds it */
  gboolean manifest_writing;
  gboolean manifest_dirty;
  gboolean read_only;      /* reopened with Manager.OpenSession */
  gboolean directory_held; /* scd_session_dir_hold(): released in finalize */

  /* Who may control it (scd_session_check_control()). */
  char *owner;       /* the unique bus name that made or opened it; NULL: anyone */
  gboolean shared;   /* made with "shared": anyone */
  guint owner_watch; /* until the owner leaves the bus: then anyone */

  ScdSessionStartCheck start_check; /* may it start now (the service's limit) */
  gpointer start_check_data;
};

/* At most one NewFrames signal this often (10 a second); frames that come
 * faster go out together. */
#define NEW_FRAMES_INTERVAL_MS 100

enum
{
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void scd_session_iface_init (ScdDbusSessionIface *iface);
static void answer_waiting_streams (ScdSession *self, gboolean ended);

G_DEFINE_TYPE_WITH_CODE (ScdSession,
                         scd_session,
                         SCD_DBUS_TYPE_SESSION_SKELETON,
                         G_IMPLEMENT_INTERFACE (SCD_DBUS_TYPE_SESSION, scd_session_iface_init))

/* ---- state and manifest ---- */

static const char *
get_state (ScdSession *self)
{
  return scd_session_state_to_string (self->state);
}

static gboolean
state_is (ScdSession *self, ScdSessionState state)
{
  return self->state == state;
}

static gboolean
state_is_final (ScdSession *self)
{
  return scd_session_state_is_final (self->state);
}

static void
publish_state (ScdSession *self, ScdSessionState state)
{
  self->state = state;
  scd_dbus_session_set_state (SCD_DBUS_SESSION (self), scd_session_state_to_string (state));
}

/* Stopped or failed: it does no more work. */
gboolean
scd_session_has_ended (ScdSession *self)
{
  return state_is_final (self);
}

/* Nothing running, nothing being written, and in a state that stays. */
static gboolean
scd_session_is_settled (ScdSession *self)
{
  return !self->pipeline_running && !self->manifest_writing && !self->manifest_dirty
         && !self->final_pending
         && (state_is_final (self) || state_is (self, SCD_SESSION_STATE_CREATED));
}

static JsonNode *
build_manifest (ScdSession *self)
{
  ScdDbusSession *session = SCD_DBUS_SESSION (self);
  ScdManifest manifest = {
    .id = scd_dbus_session_get_id (session),
    .created = self->created,
    .started_wallclock = self->started_wallclock,
    .state = self->final_pending ? self->final_state : self->state,
    .error = scd_dbus_session_get_error (session),
    .error_name = scd_dbus_session_get_error_name (session),
    .video_decoder = scd_dbus_session_get_video_decoder (session),
    .options = self->options,
    .threshold = scd_dbus_scene_detector_get_threshold (self->detector),
    .min_scene_length = scd_dbus_scene_detector_get_min_scene_length (self->detector),
    .max_frame_interval = scd_dbus_scene_detector_get_max_frame_interval (self->detector),
    .chunk_duration = scd_dbus_audio_extractor_get_chunk_duration (self->audio),
    .position = scd_dbus_session_get_position (session),
    .duration = self->duration,
    .frame_count = scd_dbus_scene_detector_get_frame_count (self->detector),
    .chunk_count = scd_dbus_audio_extractor_get_chunk_count (self->audio),
    .segments = self->segments,
  };

  return scd_manifest_to_json (&manifest);
}

static void
complete_pending_stops (ScdSession *self)
{
  g_autoptr (GPtrArray) stops = NULL;

  if (!scd_session_is_settled (self) || self->pending_stops->len == 0)
    return;
  stops = g_steal_pointer (&self->pending_stops);
  self->pending_stops = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < stops->len; i++)
    g_task_return_boolean (g_ptr_array_index (stops, i), TRUE);
}

static void
write_manifest_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  JsonNode *root = task_data;
  const char *path = g_object_get_data (G_OBJECT (task), "path");
  GError *error = NULL;

  if (!scd_json_file_write (path, root, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void write_manifest (ScdSession *self);

static void
write_manifest_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ScdSession *self = SCD_SESSION (source);
  g_autoptr (GError) error = NULL;

  self->manifest_writing = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Session %s: %s", scd_dbus_session_get_id (SCD_DBUS_SESSION (self)), error->message);

  if (self->manifest_dirty)
    {
      write_manifest (self);
      return;
    }
  if (self->final_pending)
    {
      self->final_pending = FALSE;
      publish_state (self, self->final_state);
    }
  complete_pending_stops (self);
}

/* Writes session.json in a thread, one write at a time: a request made
 * while one is under way is served by one more write after it. */
static void
write_manifest (ScdSession *self)
{
  g_autoptr (GTask) task = NULL;
  const char *directory = scd_dbus_session_get_directory (SCD_DBUS_SESSION (self));

  if (self->read_only)
    return;
  if (self->manifest_writing)
    {
      self->manifest_dirty = TRUE;
      return;
    }
  self->manifest_writing = TRUE;
  self->manifest_dirty = FALSE;

  task = g_task_new (self, NULL, write_manifest_done, NULL);
  g_task_set_source_tag (task, write_manifest);
  g_task_set_task_data (task, build_manifest (self), (GDestroyNotify) json_node_unref);
  g_object_set_data_full (G_OBJECT (task), "path", scd_session_layout_manifest (directory), g_free);
  g_task_run_in_thread (task, write_manifest_thread);
}

/* A final state (stopped, failed) is published only once session.json
 * says so, so a client that sees it can read a finished manifest. */
static void
set_state (ScdSession *self, ScdSessionState state)
{
  if (state_is (self, state))
    return;
  /* Every frame before the state that follows it. */
  scd_signal_pacer_flush (self->new_frames);
  /* Nothing more will be decoded: readers get what is queued, then EOF. */
  if (scd_session_state_is_final (state))
    scd_stream_set_finish (self->streams);
  /* Stopped while waiting for its source: Error no longer applies. */
  if (state == SCD_SESSION_STATE_STOPPED && !self->read_only)
    scd_dbus_session_set_error (SCD_DBUS_SESSION (self), "");
  if (!self->read_only && scd_session_state_is_final (state))
    {
      g_debug ("Session %s: %s -> %s (once written)",
               scd_dbus_session_get_id (SCD_DBUS_SESSION (self)), get_state (self),
               scd_session_state_to_string (state));
      self->final_state = state;
      self->final_pending = TRUE;
      write_manifest (self);
      return;
    }
  g_debug ("Session %s: %s -> %s", scd_dbus_session_get_id (SCD_DBUS_SESSION (self)),
           get_state (self), scd_session_state_to_string (state));
  publish_state (self, state);
  write_manifest (self);
}

/* A message cut to SCD_OPTION_STRING_MAX bytes (at a character), so that
 * session.json reads back: it may quote a source path of that length. */
static char *
clip_message (const char *message)
{
  const char *ellipsis = "…";
  gsize room = SCD_OPTION_STRING_MAX - strlen (ellipsis);
  g_autofree char *head = NULL;

  if (strlen (message) <= SCD_OPTION_STRING_MAX)
    return g_strdup (message);
  head = g_strndup (message,
                    (gsize) (g_utf8_find_prev_char (message, message + room + 1) - message));
  return g_strconcat (head, ellipsis, NULL);
}

/* The D-Bus name of @error: scened's own, else Error.Failed. */
static char *
error_name (const GError *error)
{
  if (error->domain == SCD_ERROR)
    return g_dbus_error_encode_gerror (error);
  return g_strdup ("org.scened.Scened1.Error.Failed");
}

static void
fail (ScdSession *self, const GError *error)
{
  g_autofree char *message = clip_message (error->message);
  g_autofree char *name = error_name (error);

  g_message ("Session %s failed: %s", scd_dbus_session_get_id (SCD_DBUS_SESSION (self)),
             error->message);
  scd_dbus_session_set_error (SCD_DBUS_SESSION (self), message);
  scd_dbus_session_set_error_name (SCD_DBUS_SESSION (self), name);
  set_state (self, SCD_SESSION_STATE_FAILED);
}

/* ---- pipeline ---- */

static void
on_segment (ScdSession *self, const ScdPipelineEvent *event)
{
  ScdManifestSegment *segment = NULL;

  for (guint i = 0; i < self->segments->len; i++)
    if (g_array_index (self->segments, ScdManifestSegment, i).index == event->segment)
      segment = &g_array_index (self->segments, ScdManifestSegment, i);
  if (segment == NULL)
    {
      ScdManifestSegment added = { .index = event->segment, .path = g_strdup (event->path) };

      g_array_append_val (self->segments, added);
      segment = &g_array_index (self->segments, ScdManifestSegment, self->segments->len - 1);
    }
  segment->start = event->start;
  segment->duration = event->duration;

  if (event->new_segment)
    {
      scd_dbus_session_set_segment_count (SCD_DBUS_SESSION (self), self->segments->len);
      scd_dbus_session_emit_segment_started (SCD_DBUS_SESSION (self), event->segment, event->path,
                                             event->start);
    }
  write_manifest (self);
}

/* The last of the stages scd-frame-writer.c logs. */
static void
log_announced (GVariant *frames)
{
  gint64 now = g_get_real_time ();

  for (gsize i = 0; i < g_variant_n_children (frames); i++)
    {
      g_autoptr (GVariant) entry = g_variant_get_child_value (frames, i);
      const char *id;
      gint64 read;

      if (g_variant_lookup (entry, "id", "&s", &id)
          && g_variant_lookup (entry, "wallclock", "x", &read))
        g_debug ("Frame %s announced %.1f ms after its packet was read", id, (now - read) / 1000.0);
    }
}

/* FrameCount and NewFrames move together: a client that reads FrameCount
 * after a signal has every frame it counts. */
static void
emit_new_frames (GVariant *entries, gpointer user_data)
{
  ScdSession *self = user_data;
  g_autoptr (GVariant) frames = g_variant_ref_sink (entries);
  g_autoptr (GVariant) last = g_variant_get_child_value (frames, g_variant_n_children (frames) - 1);
  guint32 index = 0;

  g_variant_lookup (last, "index", "u", &index);
  scd_dbus_scene_detector_set_frame_count (self->detector, index + 1);
  scd_dbus_scene_detector_emit_new_frames (self->detector, frames);
  if (!g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    log_announced (frames);
}

static void
on_pipeline_event (GObject *owner, const ScdPipelineEvent *event)
{
  ScdSession *self = SCD_SESSION (owner);
  ScdDbusSession *session = SCD_DBUS_SESSION (self);
  guint32 index = 0;

  switch (event->kind)
    {
    case SCD_PIPELINE_EVENT_CONNECTED:
      self->duration = event->duration;
      /* No longer waiting: what Error said of it is over. */
      if (!state_is (self, SCD_SESSION_STATE_FAILED))
        scd_dbus_session_set_error (session, "");
      scd_dbus_session_set_error_name (session, "");
      scd_dbus_session_set_video_decoder (session, event->video_decoder);
      scd_dbus_session_set_live (session, event->live);
      if (state_is (self, SCD_SESSION_STATE_STARTING)
          || state_is (self, SCD_SESSION_STATE_RECONNECTING))
        set_state (self, SCD_SESSION_STATE_RUNNING);
      break;

    case SCD_PIPELINE_EVENT_DISCONNECTED:
      if (state_is (self, SCD_SESSION_STATE_RUNNING))
        set_state (self, SCD_SESSION_STATE_RECONNECTING);
      break;

    case SCD_PIPELINE_EVENT_PROGRESS:
      scd_dbus_session_set_position (session, event->position);
      scd_dbus_session_set_progress (session, event->live ? -1.0 : event->progress);
      scd_dbus_session_set_frames_decoded (session, event->frames_decoded);
      if (event->frames_decoded > 0)
        answer_waiting_streams (self, FALSE);
      if (event->video_decoder != NULL && *event->video_decoder != '\0')
        scd_dbus_session_set_video_decoder (session, event->video_decoder);
      break;

    case SCD_PIPELINE_EVENT_FRAME:
      scd_signal_pacer_push (self->new_frames, event->entry);
      break;

    case SCD_PIPELINE_EVENT_CHUNK:
      g_variant_lookup (event->entry, "index", "u", &index);
      scd_dbus_audio_extractor_set_chunk_count (self->audio, index + 1);
      scd_dbus_audio_extractor_emit_audio_chunk (self->audio, event->entry);
      break;

    case SCD_PIPELINE_EVENT_SEGMENT:
      on_segment (self, event);
      break;

    case SCD_PIPELINE_EVENT_OVERRUNS:
      scd_dbus_audio_extractor_set_overruns (self->audio, event->overruns);
      break;

    case SCD_PIPELINE_EVENT_WAITING:
      if (!state_is (self, SCD_SESSION_STATE_FAILED))
        {
          g_autofree char *message = clip_message (event->message);

          scd_dbus_session_set_error (session, message);
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
run_pipeline_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ScdPipeline *pipeline = task_data;
  GError *error = NULL;

  if (!scd_pipeline_run (pipeline, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_pipeline_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ScdSession *self = SCD_SESSION (source);
  g_autoptr (GError) error = NULL;

  self->pipeline_running = FALSE;
  g_clear_pointer (&self->pipeline, scd_pipeline_free);
  /* No picture will come now for those still waiting. */
  answer_waiting_streams (self, TRUE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    fail (self, error);
  else
    set_state (self, SCD_SESSION_STATE_STOPPED);
  complete_pending_stops (self);
}

/* ---- settings changed over D-Bus ---- */

static void
push_scene_params (ScdSession *self)
{
  ScdSceneParams params = {
    .threshold = scd_dbus_scene_detector_get_threshold (self->detector),
    .min_scene_length = scd_dbus_scene_detector_get_min_scene_length (self->detector),
    .max_frame_interval = scd_dbus_scene_detector_get_max_frame_interval (self->detector),
    .regions = self->options->regions,
    .settle_seconds = self->options->settle_seconds,
  };

  if (self->pipeline != NULL)
    scd_pipeline_set_scene_params (self->pipeline, &params);
}

/* A value written over D-Bus was checked before it got here
 * (scd-session-detector.c, scd-session-extractor.c): apply it from the next frame or chunk. */
static void
on_scene_setting_changed (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  ScdSession *self = SCD_SESSION (user_data);

  self->options->scene_threshold = scd_dbus_scene_detector_get_threshold (self->detector);
  self->options->min_scene_length = scd_dbus_scene_detector_get_min_scene_length (self->detector);
  self->options->max_frame_interval = scd_dbus_scene_detector_get_max_frame_interval (
      self->detector);
  self->options->regions = (ScdRegions){ 0 };
  scd_regions_set_exclude (&self->options->regions,
                           scd_dbus_scene_detector_get_exclude_regions (self->detector), NULL);
  scd_regions_set_watch (&self->options->regions,
                         scd_dbus_scene_detector_get_watch_region (self->detector), NULL);
  push_scene_params (self);
  write_manifest (self);
}

static void
on_chunk_duration_changed (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  ScdSession *self = SCD_SESSION (user_data);

  self->options->audio_chunk_seconds = scd_dbus_audio_extractor_get_chunk_duration (self->audio);
  if (self->pipeline != NULL)
    scd_pipeline_set_chunk_seconds (self->pipeline, self->options->audio_chunk_seconds);
  write_manifest (self);
}

/* ---- D-Bus methods ---- */

static gboolean
handle_start (ScdDbusSession *session, GDBusMethodInvocation *invocation)
{
  ScdSession *self = SCD_SESSION (session);
  g_autoptr (GTask) task = NULL;
  const char *directory = scd_dbus_session_get_directory (session);

  if (self->read_only)
    {
      g_dbus_method_invocation_return_error (invocation, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                                             _("A reopened session is read-only"));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  if (!state_is (self, SCD_SESSION_STATE_CREATED))
    {
      g_dbus_method_invocation_return_error (invocation, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                                             _("The session cannot start: it is %s"),
                                             get_state (self));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  if (self->start_check != NULL)
    {
      GError *error = NULL;

      if (!self->start_check (self->start_check_data, &error))
        {
          g_dbus_method_invocation_take_error (invocation, error);
          return G_DBUS_METHOD_INVOCATION_HANDLED;
        }
    }

  self->started_wallclock = g_get_real_time ();
  self->pipeline = scd_pipeline_new (self->options, directory, self->frames, self->chunks,
                                     self->streams, G_OBJECT (self), on_pipeline_event);
  self->pipeline_running = TRUE;
  set_state (self, SCD_SESSION_STATE_STARTING);

  task = g_task_new (self, self->cancellable, run_pipeline_done, NULL);
  g_task_set_source_tag (task, handle_start);
  /* Stop() cancels; a stopped pass is a success, not an error. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, self->pipeline, NULL);
  g_task_run_in_thread (task, run_pipeline_thread);

  scd_dbus_session_complete_start (session, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

void
scd_session_stop_async (ScdSession *self, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, scd_session_stop_async);
  if (self->proxy_cancellable != NULL)
    g_cancellable_cancel (self->proxy_cancellable);
  if (state_is (self, SCD_SESSION_STATE_CREATED))
    set_state (self, SCD_SESSION_STATE_STOPPED);
  else if (self->pipeline_running && !state_is (self, SCD_SESSION_STATE_STOPPING))
    {
      set_state (self, SCD_SESSION_STATE_STOPPING);
      g_cancellable_cancel (self->cancellable);
    }

  g_ptr_array_add (self->pending_stops, g_steal_pointer (&task));
  complete_pending_stops (self);
}

gboolean
scd_session_stop_finish (ScdSession *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
stop_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GDBusMethodInvocation *invocation = user_data;
  g_autoptr (GError) error = NULL;

  if (!scd_session_stop_finish (SCD_SESSION (source), result, &error))
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    scd_dbus_session_complete_stop (SCD_DBUS_SESSION (source), invocation);
}

static gboolean
handle_stop (ScdDbusSession *session, GDBusMethodInvocation *invocation)
{
  scd_session_stop_async (SCD_SESSION (session), stop_done, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* @user_data: the Close() call to answer, or NULL (scd_session_close()). */
static void
close_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ScdSession *self = SCD_SESSION (source);
  GDBusMethodInvocation *invocation = user_data;

  scd_session_stop_finish (self, result, NULL);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0);
  if (invocation != NULL)
    scd_dbus_session_complete_close (SCD_DBUS_SESSION (self), invocation);
}

static gboolean
handle_close (ScdDbusSession *session, GDBusMethodInvocation *invocation)
{
  scd_session_stop_async (SCD_SESSION (session), close_done, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* Does what Close() does, with no caller to answer: the one that made the
 * session with "exit-with-caller" has left the bus. */
void
scd_session_close (ScdSession *self)
{
  scd_session_stop_async (self, close_done, NULL);
}

static void
capture_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GDBusMethodInvocation *invocation = user_data;
  g_autoptr (GVariant) entry = NULL;
  GError *error = NULL;

  entry = g_task_propagate_pointer (G_TASK (result), &error);
  if (entry == NULL)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    scd_dbus_session_complete_capture_frame (SCD_DBUS_SESSION (source), invocation, entry);
  g_clear_error (&error);
}

static gboolean
handle_capture_frame (ScdDbusSession *session, GDBusMethodInvocation *invocation)
{
  ScdSession *self = SCD_SESSION (session);
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;

  if (self->pipeline == NULL
      || !(state_is (self, SCD_SESSION_STATE_RUNNING)
           || state_is (self, SCD_SESSION_STATE_RECONNECTING)))
    {
      g_dbus_method_invocation_return_error (invocation, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                                             _("The session is not running: it is %s"),
                                             get_state (self));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  /* The frame writer answers from its thread; GTask brings the answer
   * back to the main context. */
  task = g_task_new (self, NULL, capture_done, invocation);
  g_task_set_source_tag (task, handle_capture_frame);
  if (!scd_pipeline_capture (self->pipeline, task, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---- proxies ---- */

static void
on_proxy_progress (GObject *source, double fraction)
{
  ScdSession *self = SCD_SESSION (source);

  if (self->proxy_cancellable != NULL)
    scd_dbus_session_set_proxy_progress (SCD_DBUS_SESSION (self), fraction);
}

static void
proxy_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ScdSession *self = SCD_SESSION (source);
  GDBusMethodInvocation *invocation = user_data;
  g_auto (GStrv) paths = NULL;
  g_autoptr (GError) error = NULL;

  g_clear_object (&self->proxy_cancellable);
  scd_dbus_session_set_proxy_progress (SCD_DBUS_SESSION (self), -1.0);
  paths = scd_proxy_job_run_finish (result, &error);
  if (paths != NULL)
    scd_dbus_session_complete_generate_proxy (SCD_DBUS_SESSION (self), invocation,
                                              (const char *const *) paths);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_dbus_method_invocation_return_error (invocation, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                                           _("The session was stopped before its proxies "
                                             "were made"));
  else
    g_dbus_method_invocation_return_gerror (invocation, error);
}

/* What the proxies are made of: the recorded segments (only files in the
 * session's own stream/ directory: a reopened manifest is input), or the
 * source file of a file session that records nothing. */
static GPtrArray *
proxy_inputs (ScdSession *self, GError **error)
{
  g_autoptr (GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *stream_dir = scd_session_layout_dir (
      scd_dbus_session_get_directory (SCD_DBUS_SESSION (self)), SCD_SESSION_PART_STREAM);

  for (guint i = 0; i < self->segments->len; i++)
    {
      const char *path = g_array_index (self->segments, ScdManifestSegment, i).path;
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_str_equal (dir, stream_dir) && strstr (path, "/..") == NULL)
        g_ptr_array_add (inputs, g_strdup (path));
    }
  if (inputs->len == 0 && self->options->source_kind == SCD_SOURCE_KIND_FILE)
    g_ptr_array_add (inputs, g_strdup (self->options->source));
  if (inputs->len == 0)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                   _("The session has recorded nothing to make proxies of"));
      return NULL;
    }
  return g_steal_pointer (&inputs);
}

static gboolean
handle_generate_proxy (ScdDbusSession *session,
                       GDBusMethodInvocation *invocation,
                       GVariant *options)
{
  ScdSession *self = SCD_SESSION (session);
  g_autoptr (GPtrArray) inputs = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *proxies_dir = NULL;
  guint32 height = SCD_PROXY_DEFAULT_HEIGHT;

  if (!scd_option_check (&scd_proxy_options, options, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  g_variant_lookup (options, "height", "u", &height);
  if (height < SCD_PROXY_MIN_HEIGHT || height > SCD_PROXY_MAX_HEIGHT)
    {
      g_dbus_method_invocation_return_error (invocation, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                                             _("The proxy height must be between %d and %d, "
                                               "not %u"),
                                             SCD_PROXY_MIN_HEIGHT, SCD_PROXY_MAX_HEIGHT, height);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  if (self->proxy_cancellable != NULL)
    {
      g_dbus_method_invocation_return_error (invocation, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                                             _("Proxies are already being made"));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  inputs = proxy_inputs (self, &error);
  if (inputs == NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  proxies_dir = scd_session_layout_dir (scd_dbus_session_get_directory (session),
                                        SCD_SESSION_PART_PROXIES);
  self->proxy_cancellable = g_cancellable_new ();
  scd_dbus_session_set_proxy_progress (session, 0.0);
  scd_proxy_job_run_async (G_OBJECT (self), inputs, proxies_dir, height, self->proxy_cancellable,
                           on_proxy_progress, proxy_done, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---- streams ---- */

/* Streams need a session that is going to decode, or is decoding. */
static gboolean
check_can_stream (ScdSession *self, GError **error)
{
  if (self->read_only || state_is_final (self) || state_is (self, SCD_SESSION_STATE_STOPPING))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                   _("Only a session that has not stopped can stream: it is %s"),
                   self->read_only ? _("reopened read-only") : get_state (self));
      return FALSE;
    }
  return TRUE;
}

/* Replies with the read end of @stream's pipe and its format. */
static void
return_stream (ScdSession *self,
               GDBusMethodInvocation *invocation,
               ScdStream *stream,
               int read_fd,
               GError *error)
{
  g_autoptr (GUnixFDList) fds = NULL;
  GVariantDict format;
  guint id;
  int handle;

  if (stream == NULL)
    {
      g_dbus_method_invocation_take_error (invocation, error);
      return;
    }
  fds = g_unix_fd_list_new ();
  handle = g_unix_fd_list_append (fds, read_fd, &error);
  close (read_fd);
  if (handle < 0)
    {
      scd_stream_unref (stream);
      g_dbus_method_invocation_return_error (invocation, SCD_ERROR, SCD_ERROR_FAILED,
                                             _("Could not pass the stream’s pipe: %s"),
                                             error->message);
      g_error_free (error);
      return;
    }
  g_variant_dict_init (&format, scd_stream_get_format (stream));
  id = scd_stream_set_add (self->streams, stream, &error);
  if (id == 0)
    {
      g_variant_dict_clear (&format);
      g_dbus_method_invocation_take_error (invocation, error);
      return;
    }
  g_variant_dict_insert (&format, "stream-id", "u", id);
  g_dbus_method_invocation_return_value_with_unix_fd_list (
      invocation, g_variant_new ("(h@a{sv})", handle, g_variant_dict_end (&format)), fds);
}

/* Answers the OpenFrameStream calls that waited for the first picture:
 * now that there is one, or with an error once there will be none. */
static void
answer_waiting_streams (ScdSession *self, gboolean ended)
{
  ScdPictureSize picture = scd_stream_set_get_picture (self->streams);
  g_autoptr (GPtrArray) waiting = NULL;

  if (self->waiting_streams->len == 0 || (picture.width == 0 && !ended))
    return;
  waiting = g_steal_pointer (&self->waiting_streams);
  self->waiting_streams = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiting->len; i++)
    {
      GDBusMethodInvocation *invocation = g_ptr_array_index (waiting, i);
      g_autoptr (GVariant) options = g_variant_get_child_value (
          g_dbus_method_invocation_get_parameters (invocation), 0);
      GError *error = NULL;
      ScdStream *stream = NULL;
      int read_fd = -1;

      if (picture.width == 0)
        g_set_error (&error, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                     _("The session ended before it decoded a picture"));
      else
        stream = scd_frame_stream_new (options, &picture, &read_fd, &error);
      return_stream (self, g_object_ref (invocation), stream, read_fd, error);
    }
}

/* A size that follows the picture, asked for before the first picture of
 * a session that has started: the answer waits for that picture. Before
 * Start() there is nothing to wait for (the caller may be the one to
 * start it): InvalidState, as for a size no picture will give. */
static gboolean
handle_open_frame_stream (ScdDbusSession *session,
                          GDBusMethodInvocation *invocation,
                          GUnixFDList *fd_list,
                          GVariant *options)
{
  ScdSession *self = SCD_SESSION (session);
  ScdPictureSize picture = scd_stream_set_get_picture (self->streams);
  GError *error = NULL;
  ScdStream *stream = NULL;
  gboolean needs_picture = FALSE;
  int read_fd = -1;

  if (self->options->source_kind == SCD_SOURCE_KIND_PULSE)
    g_set_error (&error, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                 _("A PulseAudio session has no picture to stream"));
  else if (check_can_stream (self, &error)
           && scd_frame_stream_check (options, &needs_picture, &error))
    {
      if (needs_picture && picture.width == 0 && self->pipeline_running)
        {
          /* The array takes the handler's reference. */
          g_ptr_array_add (self->waiting_streams, invocation);
          return G_DBUS_METHOD_INVOCATION_HANDLED;
        }
      stream = scd_frame_stream_new (options, &picture, &read_fd, &error);
    }
  return_stream (self, invocation, stream, read_fd, error);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_open_audio_stream (ScdDbusSession *session,
                          GDBusMethodInvocation *invocation,
                          GUnixFDList *fd_list,
                          GVariant *options)
{
  ScdSession *self = SCD_SESSION (session);
  GError *error = NULL;
  ScdStream *stream = NULL;
  int read_fd = -1;

  if (self->options->audio_source == SCD_AUDIO_SOURCE_NONE
      && self->options->source_kind != SCD_SOURCE_KIND_PULSE)
    g_set_error (&error, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                 _("The session was made without audio (“audio-source” is “none”)"));
  else if (check_can_stream (self, &error))
    stream = scd_audio_stream_new (options, self->options->audio_sample_rate,
                                   self->options->audio_channels, &read_fd, &error);
  return_stream (self, invocation, stream, read_fd, error);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_list_streams (ScdDbusSession *session, GDBusMethodInvocation *invocation)
{
  ScdSession *self = SCD_SESSION (session);

  scd_dbus_session_complete_list_streams (session, invocation,
                                          scd_stream_set_describe (self->streams));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_list_frames (ScdDbusSceneDetector *detector,
                    GDBusMethodInvocation *invocation,
                    guint first,
                    guint count,
                    gpointer user_data)
{
  ScdSession *self = SCD_SESSION (user_data);

  scd_dbus_scene_detector_complete_list_frames (detector, invocation,
                                                scd_index_slice (self->frames, first, count));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_list_chunks (ScdDbusAudioExtractor *audio,
                    GDBusMethodInvocation *invocation,
                    guint first,
                    guint count,
                    gpointer user_data)
{
  ScdSession *self = SCD_SESSION (user_data);

  scd_dbus_audio_extractor_complete_list_chunks (audio, invocation,
                                                 scd_index_slice (self->chunks, first, count));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---- creation ---- */

typedef struct
{
  ScdSessionOptions *options;
  char *data_dir;
  GDateTime *when;
  char *id;
  char *directory;

  /* OpenSession only */
  char *requested_dir;
  GStrv busy_dirs; /* folders of sessions on the bus: not to be cleaned */

  gboolean held; /* scd_session_dir_hold() on directory, for the session to release */
  ScdManifestContents manifest;
  ScdIndex *frames;
  ScdIndex *chunks;

  locale_t locale; /* the caller's, for the errors (scd-caller-locale.h) */
} CreateData;

static void
create_data_free (CreateData *data)
{
  /* Not handed to a session (the call failed): released here. */
  if (data->held)
    scd_session_dir_release (data->directory);
  g_free (data->requested_dir);
  g_strfreev (data->busy_dirs);
  scd_manifest_contents_clear (&data->manifest);
  g_clear_pointer (&data->frames, scd_index_unref);
  g_clear_pointer (&data->chunks, scd_index_unref);
  scd_session_options_free (data->options);
  g_free (data->data_dir);
  g_date_time_unref (data->when);
  g_free (data->id);
  g_free (data->directory);
  scd_caller_locale_free (data->locale);
  g_free (data);
}

static gboolean
check_file_source (const char *path, GError **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        g_set_error (error, SCD_ERROR, SCD_ERROR_NOT_FOUND, _("“%s” does not exist"), path);
      else
        g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE, _("Cannot read “%s”: %s"),
                     path, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, _("“%s” is not a regular file"),
                   path);
      return FALSE;
    }
  if (g_access (path, R_OK) != 0)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE, _("Cannot read “%s”: %s"), path,
                   g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* session.json is on disk before CreateSession answers: a session that
 * could not write it (a full disk) could never be reopened, so it is not
 * made at all, and its empty folders go. */
static gboolean
write_first_manifest (CreateData *data, GError **error)
{
  g_autofree char *created = g_date_time_format_iso8601 (data->when);
  g_autofree char *path = scd_session_layout_manifest (data->directory);
  g_autoptr (JsonNode) root = NULL;
  ScdManifest manifest = {
    .id = data->id,
    .created = created,
    .state = SCD_SESSION_STATE_CREATED,
    .error = "",
    .video_decoder = "",
    .options = data->options,
    .threshold = data->options->scene_threshold,
    .min_scene_length = data->options->min_scene_length,
    .max_frame_interval = data->options->max_frame_interval,
    .chunk_duration = data->options->audio_chunk_seconds,
  };

  root = scd_manifest_to_json (&manifest);
  if (scd_json_file_write (path, root, error))
    return TRUE;
  scd_session_dir_release (data->directory);
  data->held = FALSE;
  for (ScdSessionPart part = SCD_SESSION_PART_STREAM; part <= SCD_SESSION_PART_PROXIES; part++)
    {
      g_autofree char *sub = scd_session_layout_dir (data->directory, part);

      g_rmdir (sub);
    }
  g_rmdir (data->directory);
  g_clear_pointer (&data->directory, g_free);
  return FALSE;
}

static void
create_work (GTask *task, CreateData *data)
{
  GError *error = NULL;

  if (data->options->source_kind == SCD_SOURCE_KIND_FILE
      && !check_file_source (data->options->source, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data->directory = scd_session_dir_create (data->data_dir, data->when, &data->id, &error);
  if (data->directory != NULL && scd_session_dir_hold (data->directory, &error))
    data->held = TRUE;
  if (data->directory == NULL || !data->held || !write_first_manifest (data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Runs in the locale of the call that asked for it, as open_thread(). */
static void
create_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  CreateData *data = task_data;
  locale_t previous = uselocale (data->locale != (locale_t) 0 ? data->locale : LC_GLOBAL_LOCALE);

  create_work (task, data);
  uselocale (previous);
}

void
scd_session_create_async (ScdSessionOptions *options,
                          const char *data_dir,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  CreateData *data = g_new0 (CreateData, 1);

  data->options = options;
  data->data_dir = g_strdup (data_dir);
  data->when = g_date_time_new_now_local ();
  g_task_set_source_tag (task, scd_session_create_async);
  data->locale = scd_caller_locale_dup_current ();
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  g_task_run_in_thread (task, create_thread);
}

/* An index that was never written (no frames, no audio) is empty. */
static ScdIndex *
load_index (const char *directory,
            ScdSessionPart part,
            const ScdIndexSchema *schema,
            GError **error)
{
  g_autofree char *path = scd_session_layout_index (directory, part);
  g_autoptr (ScdIndex) index = scd_index_new (path, schema);

  if (g_file_test (path, G_FILE_TEST_EXISTS) && !scd_index_load (index, error))
    return NULL;
  return g_steal_pointer (&index);
}

/* Where the last entry of an index ends on the session timeline: a
 * frame's timestamp, a chunk's start and duration. */
static double
last_entry_end (ScdIndex *index, const char *start_key, const char *length_key)
{
  guint count = scd_index_get_count (index);
  g_autoptr (GVariant) slice = NULL;
  g_autoptr (GVariant) entry = NULL;
  double start = 0.0;
  double length = 0.0;

  if (count == 0)
    return 0.0;
  slice = scd_index_slice (index, count - 1, 1);
  entry = g_variant_get_child_value (slice, 0);
  g_variant_lookup (entry, start_key, "d", &start);
  if (length_key != NULL)
    g_variant_lookup (entry, length_key, "d", &length);
  return start + length;
}

/* How far a session the service never finished got. Its manifest is
 * written when its state changes, so the position there is from then;
 * what it wrote after (frames, chunks, segments) says more. */
static double
reached_position (ScdSession *self, const ScdManifestContents *manifest)
{
  double position = manifest->position;

  position = MAX (position, last_entry_end (self->frames, "timestamp", NULL));
  position = MAX (position, last_entry_end (self->chunks, "start", "duration"));
  for (guint i = 0; i < manifest->segments->len; i++)
    {
      const ScdManifestSegment *segment = &g_array_index (manifest->segments, ScdManifestSegment,
                                                          i);

      position = MAX (position, segment->start + segment->duration);
    }
  return position;
}

static void
open_work (GTask *task, CreateData *data)
{
  g_autofree char *manifest_path = NULL;
  g_autofree char *object_path = NULL;
  g_autoptr (JsonNode) root = NULL;
  GError *error = NULL;

  data->directory = scd_session_dir_resolve (data->data_dir, data->requested_dir, &error);
  if (data->directory == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!scd_session_dir_hold (data->directory, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  data->held = TRUE;
  data->id = g_path_get_basename (data->directory);
  if (!g_strv_contains ((const char *const *) data->busy_dirs, data->directory))
    scd_session_dir_clean (data->directory);
  object_path = g_strconcat ("/org/scened/Scened1/session/", data->id, NULL);
  if (!g_variant_is_object_path (object_path))
    {
      g_task_return_new_error (task, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a session directory"), data->requested_dir);
      return;
    }

  manifest_path = scd_session_layout_manifest (data->directory);
  root = scd_json_file_read (manifest_path, &error);
  if (root == NULL || !scd_manifest_parse (root, &data->manifest, &error)
      || (data->frames = load_index (data->directory, SCD_SESSION_PART_FRAMES,
                                     &scd_frame_entry_schema, &error))
             == NULL
      || (data->chunks = load_index (data->directory, SCD_SESSION_PART_AUDIO,
                                     &scd_chunk_entry_schema, &error))
             == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->options = g_steal_pointer (&data->manifest.options);
  g_task_return_boolean (task, TRUE);
}

/* Reopens the session in @directory read-only: its frames and chunks can
 * be listed, nothing runs. */
static void
open_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  CreateData *data = task_data;
  locale_t previous = uselocale (data->locale != (locale_t) 0 ? data->locale : LC_GLOBAL_LOCALE);

  open_work (task, data);
  uselocale (previous);
}

void
scd_session_open_async (const char *data_dir,
                        const char *directory,
                        const char *const *busy_dirs,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  CreateData *data = g_new0 (CreateData, 1);

  data->data_dir = g_strdup (data_dir);
  data->requested_dir = g_strdup (directory);
  data->busy_dirs = g_strdupv ((char **) busy_dirs);
  data->when = g_date_time_new_now_local ();
  g_task_set_source_tag (task, scd_session_open_async);
  data->locale = scd_caller_locale_dup_current ();
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  g_task_run_in_thread (task, open_thread);
}

ScdSession *
scd_session_open_finish (GAsyncResult *result, GError **error)
{
  return scd_session_create_finish (result, error);
}

ScdSession *
scd_session_create_finish (GAsyncResult *result, GError **error)
{
  CreateData *data = g_task_get_task_data (G_TASK (result));
  ScdSession *self;
  ScdDbusSession *session;
  g_autofree char *frames_path = NULL;
  g_autofree char *chunks_path = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  self = g_object_new (SCD_TYPE_SESSION, NULL);
  session = SCD_DBUS_SESSION (self);
  self->options = g_steal_pointer (&data->options);
  self->read_only = data->requested_dir != NULL;
  self->created = self->read_only ? g_strdup (data->manifest.created)
                                  : g_date_time_format_iso8601 (data->when);
  self->started_wallclock = data->manifest.started_wallclock;
  self->object_path = g_strconcat ("/org/scened/Scened1/session/", data->id, NULL);

  frames_path = scd_session_layout_index (data->directory, SCD_SESSION_PART_FRAMES);
  chunks_path = scd_session_layout_index (data->directory, SCD_SESSION_PART_AUDIO);
  self->frames = data->frames != NULL ? g_steal_pointer (&data->frames)
                                      : scd_index_new (frames_path, &scd_frame_entry_schema);
  self->chunks = data->chunks != NULL ? g_steal_pointer (&data->chunks)
                                      : scd_index_new (chunks_path, &scd_chunk_entry_schema);

  scd_dbus_session_set_id (session, data->id);
  scd_dbus_session_set_name (session, self->options->name);
  scd_dbus_session_set_source (session, self->options->source);
  scd_dbus_session_set_directory (session, data->directory);
  /* The folder's hold is the session's now (released in finalize). */
  self->directory_held = data->held;
  data->held = FALSE;
  publish_state (self, SCD_SESSION_STATE_CREATED);
  scd_dbus_session_set_error (session, "");
  scd_dbus_session_set_error_name (session, "");
  scd_dbus_session_set_live (session, self->options->source_kind != SCD_SOURCE_KIND_FILE);
  scd_dbus_session_set_progress (session,
                                 self->options->source_kind == SCD_SOURCE_KIND_FILE ? 0.0 : -1.0);
  scd_dbus_session_set_video_decoder (session, "");
  scd_dbus_session_set_proxy_progress (session, -1.0);

  scd_dbus_scene_detector_set_threshold (self->detector, self->options->scene_threshold);
  scd_dbus_scene_detector_set_min_scene_length (self->detector, self->options->min_scene_length);
  scd_dbus_scene_detector_set_max_frame_interval (self->detector,
                                                  self->options->max_frame_interval);
  scd_dbus_scene_detector_set_exclude_regions (
      self->detector, scd_regions_exclude_to_variant (&self->options->regions));
  scd_dbus_scene_detector_set_watch_region (self->detector,
                                            scd_regions_watch_to_variant (&self->options->regions));
  scd_dbus_audio_extractor_set_chunk_duration (self->audio, self->options->audio_chunk_seconds);
  scd_dbus_audio_extractor_set_sample_rate (self->audio, self->options->audio_sample_rate);
  scd_dbus_audio_extractor_set_channels (self->audio, self->options->audio_channels);
  if (self->options->source_kind == SCD_SOURCE_KIND_PULSE)
    scd_dbus_audio_extractor_set_source (self->audio, self->options->source);
  else
    {
      g_autofree char *audio_source = scd_session_options_audio_source (self->options);

      scd_dbus_audio_extractor_set_source (self->audio, audio_source);
    }

  scd_dbus_scene_detector_set_frame_count (self->detector, scd_index_get_count (self->frames));
  scd_dbus_audio_extractor_set_chunk_count (self->audio, scd_index_get_count (self->chunks));
  if (self->read_only)
    {
      ScdSessionState state = data->manifest.state;
      gboolean finished = scd_session_state_is_final (state);

      /* A session the service never finished (it crashed, or was killed)
       * keeps everything it wrote; it says so rather than look complete. */
      publish_state (self, finished ? state : SCD_SESSION_STATE_FAILED);
      scd_dbus_session_set_error (session, finished ? data->manifest.error
                                                    : _("The session was interrupted before it "
                                                        "finished"));
      if (!finished)
        scd_dbus_session_set_error_name (session, "org.scened.Scened1.Error.Failed");
      else if (state == SCD_SESSION_STATE_FAILED)
        scd_dbus_session_set_error_name (session, *data->manifest.error_name != '\0'
                                                      ? data->manifest.error_name
                                                      : "org.scened.Scened1.Error.Failed");
      scd_dbus_session_set_video_decoder (session, data->manifest.video_decoder);
      scd_dbus_session_set_position (session, finished ? data->manifest.position
                                                       : reached_position (self, &data->manifest));
      scd_dbus_session_set_progress (session, self->options->source_kind == SCD_SOURCE_KIND_FILE
                                                  ? (finished ? 1.0 : 0.0)
                                                  : -1.0);
      self->duration = data->manifest.duration;
      g_array_append_vals (self->segments, data->manifest.segments->data,
                           data->manifest.segments->len);
      /* The paths now belong to self->segments. */
      g_array_set_clear_func (data->manifest.segments, NULL);
      scd_dbus_session_set_segment_count (session, self->segments->len);
    }

  g_signal_connect (self->detector, "notify::threshold", G_CALLBACK (on_scene_setting_changed),
                    self);
  g_signal_connect (self->detector, "notify::min-scene-length",
                    G_CALLBACK (on_scene_setting_changed), self);
  g_signal_connect (self->detector, "notify::max-frame-interval",
                    G_CALLBACK (on_scene_setting_changed), self);
  g_signal_connect (self->detector, "notify::exclude-regions",
                    G_CALLBACK (on_scene_setting_changed), self);
  g_signal_connect (self->detector, "notify::watch-region", G_CALLBACK (on_scene_setting_changed),
                    self);
  g_signal_connect (self->audio, "notify::chunk-duration", G_CALLBACK (on_chunk_duration_changed),
                    self);

  write_manifest (self);
  return self;
}

/* ---- who may control it ---- */

static void
on_owner_vanished (GDBusConnection *connection, const char *name, gpointer user_data)
{
  ScdSession *self = user_data;

  g_debug ("Session %s: its owner %s left the bus; any client may control it now",
           scd_dbus_session_get_id (SCD_DBUS_SESSION (self)), name);
  g_clear_pointer (&self->owner, g_free);
  g_bus_unwatch_name (self->owner_watch);
  self->owner_watch = 0;
}

/* @owner (a unique bus name on @connection) controls the session until it
 * leaves the bus; with @shared, every client does. */
void
scd_session_set_owner (ScdSession *self,
                       GDBusConnection *connection,
                       const char *owner,
                       gboolean shared)
{
  g_return_if_fail (self->owner == NULL && self->owner_watch == 0);

  self->shared = shared;
  if (shared || owner == NULL)
    return;
  self->owner = g_strdup (owner);
  /* No reference: dispose() unwatches, in this same context. */
  self->owner_watch = g_bus_watch_name_on_connection (
      connection, owner, G_BUS_NAME_WATCHER_FLAGS_NONE, NULL, on_owner_vanished, self, NULL);
}

gboolean
scd_session_check_control (ScdSession *self, const char *sender, GError **error)
{
  if (self->owner == NULL || g_strcmp0 (sender, self->owner) == 0)
    return TRUE;
  g_set_error (error, SCD_ERROR, SCD_ERROR_ACCESS_DENIED,
               _("Session %s belongs to another client (%s): only it may control the session, "
                 "until it leaves the bus"),
               scd_dbus_session_get_id (SCD_DBUS_SESSION (self)), self->owner);
  return FALSE;
}

void
scd_session_set_start_check (ScdSession *self, ScdSessionStartCheck check, gpointer user_data)
{
  self->start_check = check;
  self->start_check_data = user_data;
}

gboolean
scd_session_is_waiting_to_start (ScdSession *self, const char *owner)
{
  return state_is (self, SCD_SESSION_STATE_CREATED) && !self->read_only
         && (owner == NULL || g_strcmp0 (owner, self->owner) == 0);
}

/* ---- GObject ---- */

static GDBusInterfaceVTable *
get_vtable (GDBusInterfaceSkeleton *skeleton)
{
  return scd_call_guard_vtable (
      "org.scened.Scened1.Session",
      G_DBUS_INTERFACE_SKELETON_CLASS (scd_session_parent_class)->get_vtable (skeleton));
}

const char *
scd_session_get_object_path (ScdSession *self)
{
  return self->object_path;
}

/* The object to export: it holds the session's three interfaces, and the
 * session does not hold it, so unexporting it leaves no cycle behind. */
GDBusObjectSkeleton *
scd_session_new_object (ScdSession *self)
{
  ScdDbusObjectSkeleton *object = scd_dbus_object_skeleton_new (self->object_path);

  scd_dbus_object_skeleton_set_session (object, SCD_DBUS_SESSION (self));
  scd_dbus_object_skeleton_set_scene_detector (object, self->detector);
  scd_dbus_object_skeleton_set_audio_extractor (object, self->audio);
  return G_DBUS_OBJECT_SKELETON (object);
}

static void
scd_session_dispose (GObject *object)
{
  ScdSession *self = SCD_SESSION (object);

  if (self->owner_watch != 0)
    g_bus_unwatch_name (self->owner_watch);
  self->owner_watch = 0;
  if (self->new_frames != NULL && self->detector != NULL)
    scd_signal_pacer_flush (self->new_frames);
  g_clear_pointer (&self->new_frames, scd_signal_pacer_free);
  if (self->detector != NULL)
    g_signal_handlers_disconnect_by_data (self->detector, self);
  if (self->audio != NULL)
    g_signal_handlers_disconnect_by_data (self->audio, self);
  g_clear_object (&self->detector);
  g_clear_object (&self->audio);

  G_OBJECT_CLASS (scd_session_parent_class)->dispose (object);
}

static void
scd_session_finalize (GObject *object)
{
  ScdSession *self = SCD_SESSION (object);

  g_assert (self->pipeline == NULL);
  if (self->directory_held)
    scd_session_dir_release (scd_dbus_session_get_directory (SCD_DBUS_SESSION (self)));
  scd_session_options_free (self->options);
  g_free (self->object_path);
  g_free (self->created);
  g_free (self->owner);
  g_clear_pointer (&self->frames, scd_index_unref);
  g_clear_pointer (&self->chunks, scd_index_unref);
  scd_stream_set_unref (self->streams);
  g_clear_object (&self->proxy_cancellable);
  g_ptr_array_unref (self->waiting_streams);
  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->pending_stops);
  g_array_unref (self->segments);

  G_OBJECT_CLASS (scd_session_parent_class)->finalize (object);
}

static void
scd_session_init (ScdSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->pending_stops = g_ptr_array_new_with_free_func (g_object_unref);
  self->new_frames = scd_signal_pacer_new (NEW_FRAMES_INTERVAL_MS, emit_new_frames, self);
  self->streams = scd_stream_set_new ();
  self->waiting_streams = g_ptr_array_new_with_free_func (g_object_unref);
  self->segments = g_array_new (FALSE, TRUE, sizeof (ScdManifestSegment));
  g_array_set_clear_func (self->segments, scd_manifest_segment_clear);
  self->detector = g_object_new (SCD_TYPE_SESSION_DETECTOR, NULL);
  self->audio = g_object_new (SCD_TYPE_SESSION_EXTRACTOR, NULL);
  scd_call_guard_set_session (G_DBUS_INTERFACE_SKELETON (self), self);
  scd_call_guard_set_session (G_DBUS_INTERFACE_SKELETON (self->detector), self);
  scd_call_guard_set_session (G_DBUS_INTERFACE_SKELETON (self->audio), self);
  g_signal_connect (self->detector, "handle-list-frames", G_CALLBACK (handle_list_frames), self);
  g_signal_connect (self->audio, "handle-list-chunks", G_CALLBACK (handle_list_chunks), self);
}

static void
scd_session_class_init (ScdSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = scd_session_dispose;
  object_class->finalize = scd_session_finalize;
  G_DBUS_INTERFACE_SKELETON_CLASS (klass)->get_vtable = get_vtable;

  signals[SIGNAL_CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
scd_session_iface_init (ScdDbusSessionIface *iface)
{
  iface->handle_start = handle_start;
  iface->handle_stop = handle_stop;
  iface->handle_close = handle_close;
  iface->handle_capture_frame = handle_capture_frame;
  iface->handle_generate_proxy = handle_generate_proxy;
  iface->handle_open_frame_stream = handle_open_frame_stream;
  iface->handle_open_audio_stream = handle_open_audio_stream;
  iface->handle_list_streams = handle_list_streams;
}
