/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One worker thread (a GThreadPool of one, exclusive) takes frames in the
 * order the decode loop decided on them. Each job holds a reference to the
 * decoded frame, not a copy. The JPEG is on disk before its entry is in
 * the index, and the index is on disk before the entry is announced.
 *
 * Frames that come faster than the index can be saved (a file read at
 * full speed with a short MaxFrameInterval; scd-index.h) are held back
 * until a save is due, then saved and announced together. A flush job
 * queued behind them saves what is held once the queue runs dry, so a
 * held frame waits at most until the save is due.
 *
 * A job may carry a GTask (CaptureFrame): it gets the entry, or the error.
 * After the first error, later jobs fail at once and the decode loop sees
 * has_failed() and stops the session.
 *
 * A live cut waits for the frame after it before it is confirmed. Its JPEG
 * need not wait too: scd_frame_writer_prepare() queues a job that only
 * encodes it, and keeps the bytes for a push of the same timestamp. A
 * candidate that is not confirmed costs one encode; the slot holds one
 * JPEG, and any push empties it.
 *
 * With debug messages on (scened -v), each frame's stages are logged once
 * it is in the saved index: when it came out of the decoder, was decided
 * on, had its JPEG on disk and its index saved, each in milliseconds
 * after its packet was read (bench/live-latency reads them).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libswscale/swscale.h>

#include "scd-error.h"
#include "scd-frame-arrival.h"
#include "scd-frame-entry.h"
#include "scd-frame-signature.h"
#include "scd-session-layout.h"
#include "scd-frame-writer.h"
#include "scd-jpeg-writer.h"
#include "scd-libav.h"

struct _ScdFrameWriter
{
  GThreadPool *pool;
  char *frames_dir;
  ScdIndex *index;
  ScdEntrySinkFunc sink;
  gpointer user_data;
  GMutex lock;
  GError *error;      /* the first error */
  gint failed;        /* atomic */
  gboolean finishing; /* under lock: no new job; finish() saves what is held */

  /* The writer's thread only. */
  GBytes *prepared; /* a JPEG made ahead, for a push of this timestamp: */
  double prepared_timestamp;
  GPtrArray *held; /* Held: in the index, not saved nor announced yet */
  gboolean flush_queued;
  GPtrArray *originals; /* Original: the frames written that duplicate none */
  char *scene_id;       /* the last frame written that started a scene */
  struct SwsContext *signature_sws;
};

/* Screens remembered for duplicate-of: the last thousand different ones. */
#define SCD_MAX_ORIGINALS 1000

/* A frame written that is no duplicate: what later ones are matched with. */
typedef struct
{
  char *id;
  ScdFrameSignature *signature;
} Original;

static void
original_free (gpointer data)
{
  Original *original = data;

  g_free (original->id);
  scd_frame_signature_free (original->signature);
  g_free (original);
}

/* The id of the written frame that shows the same screen as @signature,
 * the closest if several do; NULL if none does. @signature is then kept
 * as an original, under @id; the oldest goes past SCD_MAX_ORIGINALS, so
 * that a long session with a short MaxFrameInterval over video (every
 * frame a new screen) does not compare each frame with thousands. */
static const char *
find_duplicate (ScdFrameWriter *writer, ScdFrameSignature *signature, const char *id)
{
  const Original *best = NULL;
  double best_distance = G_MAXDOUBLE;
  Original *original;

  for (guint i = 0; i < writer->originals->len; i++)
    {
      const Original *o = g_ptr_array_index (writer->originals, i);
      double distance;

      if (scd_frame_signature_matches (signature, o->signature, &distance)
          && distance < best_distance)
        {
          best = o;
          best_distance = distance;
        }
    }
  if (best != NULL)
    return best->id;
  original = g_new0 (Original, 1);
  original->id = g_strdup (id);
  original->signature = signature;
  g_ptr_array_add (writer->originals, original);
  if (writer->originals->len > SCD_MAX_ORIGINALS)
    g_ptr_array_remove_index (writer->originals, 0);
  return NULL;
}

/* When a frame passed each stage, for the debug log. */
typedef struct
{
  gint64 read, decoded, decided, written; /* g_get_real_time() */
} Stages;

/* An entry in the index, and the CaptureFrame call waiting for it. */
typedef struct
{
  GVariant *entry;
  GTask *task;
  Stages stages;
} Held;

static void
held_free (gpointer data)
{
  Held *held = data;

  g_variant_unref (held->entry);
  g_clear_object (&held->task);
  g_free (held);
}

typedef struct
{
  AVFrame *frame;
  double timestamp;
  double score;
  ScdFrameReason reason;
  GTask *task;
  gint64 decided;   /* g_get_real_time() when pushed */
  gboolean prepare; /* only make the JPEG, for a push that may come */
  gboolean flush;   /* only save and announce what is held */
} Job;

static GVariant *
write_one (ScdFrameWriter *writer, Job *job, GError **error)
{
  guint number = scd_index_get_count (writer->index);
  g_autofree char *id = scd_session_layout_frame_id (number);
  g_autofree char *path = scd_session_layout_frame (writer->frames_dir, id);
  g_autoptr (GVariant) entry = NULL;
  g_autoptr (GBytes) jpeg = g_steal_pointer (&writer->prepared);
  g_autoptr (ScdFrameSignature)
      signature = scd_frame_signature_new (job->frame, &writer->signature_sws);
  g_autofree char *signature_text = signature != NULL ? scd_frame_signature_to_string (signature)
                                                      : NULL;
  const char *duplicate_of = NULL;
  ScdFrameEntry fields = {
    .index = number,
    .path = path,
    .timestamp = job->timestamp,
    .score = job->score,
    .reason = scd_frame_reason_to_string (job->reason),
    .width = (guint) job->frame->width,
    .height = (guint) job->frame->height,
    .wallclock = scd_frame_arrival_get (job->frame),
    .signature = signature_text,
  };

  if (jpeg == NULL || writer->prepared_timestamp != job->timestamp)
    {
      g_clear_pointer (&jpeg, g_bytes_unref);
      jpeg = scd_jpeg_encode (job->frame, error);
      if (jpeg == NULL)
        return NULL;
    }
  if (!scd_jpeg_save (jpeg, path, error))
    return NULL;

  if (signature != NULL)
    {
      duplicate_of = find_duplicate (writer, signature, id);
      if (duplicate_of == NULL)
        signature = NULL; /* kept as an original */
    }
  fields.duplicate_of = duplicate_of;
  if (job->reason == SCD_FRAME_REASON_FIRST || job->reason == SCD_FRAME_REASON_SCENE)
    {
      g_free (writer->scene_id);
      writer->scene_id = g_strdup (id);
    }
  else if (job->reason == SCD_FRAME_REASON_SETTLED)
    fields.settles = writer->scene_id;
  entry = g_variant_ref_sink (scd_frame_entry_to_variant (&fields));

  scd_index_append (writer->index, entry);
  g_debug ("Frame %s written: %.3f s, %s, score %.1f", id, job->timestamp, fields.reason,
           job->score);
  return g_steal_pointer (&entry);
}

static void
record_error (ScdFrameWriter *writer, const GError *error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&writer->lock);

  if (writer->error == NULL)
    writer->error = g_error_copy (error);
  g_atomic_int_set (&writer->failed, TRUE);
}

static void
log_stages (const Held *held, gint64 saved)
{
  const Stages *s = &held->stages;
  const char *id = NULL;

  if (s->read == 0 || !g_variant_lookup (held->entry, "id", "&s", &id))
    return;
  g_debug ("Frame %s stages, ms after its packet was read: decoded %.1f, decided %.1f, "
           "JPEG on disk %.1f, index saved %.1f",
           id, (s->decoded - s->read) / 1000.0, (s->decided - s->read) / 1000.0,
           (s->written - s->read) / 1000.0, (saved - s->read) / 1000.0);
}

/* Saves the index and announces what was held, in order; or fails each. */
static void
save_held (ScdFrameWriter *writer)
{
  g_autoptr (GPtrArray) held = g_steal_pointer (&writer->held);
  g_autoptr (GError) error = NULL;

  writer->held = g_ptr_array_new_with_free_func (held_free);
  if (held->len == 0)
    return;
  if (!scd_index_save (writer->index, &error))
    record_error (writer, error);
  for (guint i = 0; i < held->len; i++)
    {
      Held *h = g_ptr_array_index (held, i);
      GVariant *announced;

      if (error != NULL)
        {
          if (h->task != NULL)
            g_task_return_error (h->task, g_error_copy (error));
          continue;
        }
      if (!g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
        log_stages (h, g_get_real_time ());
      announced = scd_index_schema_announced (&scd_frame_entry_schema, h->entry);
      writer->sink (SCD_ENTRY_FRAME, announced, writer->user_data);
      if (h->task != NULL)
        g_task_return_pointer (h->task, g_variant_ref (announced),
                               (GDestroyNotify) g_variant_unref);
      g_clear_pointer (&announced, g_variant_unref);
    }
}

static void
free_job (Job *job)
{
  av_frame_free (&job->frame);
  g_clear_object (&job->task);
  g_free (job);
}

/* What is held is saved when a save is due; else a flush job behind the
 * queue will. When the flush job finds the queue empty, it waits for the
 * save to be due: there is nothing else to do. */
static void
save_when_due (ScdFrameWriter *writer, Job *job)
{
  if (job->flush)
    {
      gboolean later;

      writer->flush_queued = FALSE;
      /* Jobs behind this one will see to it, or finish() will. Under the
       * lock: finish() sets finishing before it takes the pool away. */
      g_mutex_lock (&writer->lock);
      later = writer->finishing || g_thread_pool_unprocessed (writer->pool) > 0;
      g_mutex_unlock (&writer->lock);
      if (later)
        return;
      g_usleep ((gulong) scd_index_until_save_due (writer->index));
    }
  if (writer->held->len == 0)
    return;
  if (job->flush || scd_index_until_save_due (writer->index) == 0)
    save_held (writer);
  else if (!writer->flush_queued)
    {
      /* Under the lock: finish() sets finishing under it before it frees
       * the pool, so no push comes after. */
      g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&writer->lock);

      if (!writer->finishing)
        {
          Job *flush = g_new0 (Job, 1);

          flush->flush = TRUE;
          writer->flush_queued = TRUE;
          g_thread_pool_push (writer->pool, flush, NULL);
        }
    }
}

static void
run_job (gpointer data, gpointer user_data)
{
  Job *job = data;
  ScdFrameWriter *writer = user_data;
  g_autoptr (GVariant) entry = NULL;
  g_autoptr (GError) error = NULL;

  if (job->prepare)
    {
      /* A failure shows, and is reported, when the frame is pushed. */
      g_clear_pointer (&writer->prepared, g_bytes_unref);
      if (!g_atomic_int_get (&writer->failed))
        writer->prepared = scd_jpeg_encode (job->frame, NULL);
      writer->prepared_timestamp = job->timestamp;
      free_job (job);
      return;
    }
  if (!job->flush)
    {
      if (g_atomic_int_get (&writer->failed))
        g_set_error (&error, SCD_ERROR, SCD_ERROR_FAILED, _("Frames can no longer be written"));
      else
        entry = write_one (writer, job, &error);

      if (entry != NULL)
        {
          Held *held = g_new0 (Held, 1);

          held->entry = g_steal_pointer (&entry);
          held->task = g_steal_pointer (&job->task);
          held->stages = (Stages){ scd_frame_arrival_get (job->frame),
                                   scd_frame_arrival_decoded (job->frame), job->decided,
                                   g_get_real_time () };
          g_ptr_array_add (writer->held, held);
        }
      else
        {
          record_error (writer, error);
          if (job->task != NULL)
            g_task_return_error (job->task, g_steal_pointer (&error));
        }
    }
  save_when_due (writer, job);
  free_job (job);
}

ScdFrameWriter *
scd_frame_writer_new (const char *frames_dir,
                      ScdIndex *index,
                      ScdEntrySinkFunc sink,
                      gpointer user_data)
{
  ScdFrameWriter *writer = g_new0 (ScdFrameWriter, 1);

  writer->frames_dir = g_strdup (frames_dir);
  writer->index = scd_index_ref (index);
  writer->sink = sink;
  writer->user_data = user_data;
  g_mutex_init (&writer->lock);
  writer->held = g_ptr_array_new_with_free_func (held_free);
  writer->originals = g_ptr_array_new_with_free_func (original_free);
  writer->pool = g_thread_pool_new (run_job, writer, 1, TRUE, NULL);
  return writer;
}

/* Queues @frame (a new reference is taken) to be written. */
void
scd_frame_writer_push (ScdFrameWriter *writer,
                       const AVFrame *frame,
                       double timestamp,
                       double score,
                       ScdFrameReason reason,
                       GTask *task)
{
  Job *job = g_new0 (Job, 1);

  job->frame = av_frame_clone (frame);
  job->timestamp = timestamp;
  job->score = score;
  job->reason = reason;
  job->task = task != NULL ? g_object_ref (task) : NULL;
  job->decided = g_get_real_time ();
  g_thread_pool_push (writer->pool, job, NULL);
}

/* @frame (a new reference is taken) may soon be pushed with @timestamp:
 * its JPEG is made now. */
void
scd_frame_writer_prepare (ScdFrameWriter *writer, const AVFrame *frame, double timestamp)
{
  Job *job = g_new0 (Job, 1);

  job->frame = av_frame_clone (frame);
  job->timestamp = timestamp;
  job->prepare = TRUE;
  g_thread_pool_push (writer->pool, job, NULL);
}

gboolean
scd_frame_writer_has_failed (ScdFrameWriter *writer)
{
  return g_atomic_int_get (&writer->failed);
}

/* Waits until every queued frame is written; the first error, if any. */
gboolean
scd_frame_writer_finish (ScdFrameWriter *writer, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_mutex_lock (&writer->lock);
  writer->finishing = TRUE;
  g_mutex_unlock (&writer->lock);
  if (writer->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&writer->pool), FALSE, TRUE);
  /* The pool is gone: this thread is the writer's now. */
  save_held (writer);
  locker = g_mutex_locker_new (&writer->lock);
  if (writer->error != NULL)
    {
      g_propagate_error (error, g_error_copy (writer->error));
      return FALSE;
    }
  return TRUE;
}

void
scd_frame_writer_free (ScdFrameWriter *writer)
{
  if (writer == NULL)
    return;
  g_mutex_lock (&writer->lock);
  writer->finishing = TRUE;
  g_mutex_unlock (&writer->lock);
  if (writer->pool != NULL)
    g_thread_pool_free (writer->pool, FALSE, TRUE);
  /* Not finished: what is held is not announced; a capture waiting for
   * it gets an error. */
  for (guint i = 0; i < writer->held->len; i++)
    {
      Held *h = g_ptr_array_index (writer->held, i);

      if (h->task != NULL)
        g_task_return_new_error (h->task, SCD_ERROR, SCD_ERROR_FAILED,
                                 _("Frames can no longer be written"));
    }
  g_ptr_array_unref (writer->held);
  g_ptr_array_unref (writer->originals);
  g_free (writer->scene_id);
  sws_freeContext (writer->signature_sws);
  g_clear_error (&writer->error);
  g_clear_pointer (&writer->prepared, g_bytes_unref);
  g_free (writer->frames_dir);
  scd_index_unref (writer->index);
  g_mutex_clear (&writer->lock);
  g_free (writer);
}
