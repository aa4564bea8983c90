/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One worker thread (a GThreadPool of one, exclusive) takes frames in the
 * order the decode loop decided on them. Each job holds a reference to the
 * decoded frame, not a copy. The JPEG is on disk before its entry is in
 * the index, and the index is on disk before the entry is announced.
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
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-error.h"
#include "scd-frame-entry.h"
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
  GError *error; /* the first error */
  gint failed;   /* atomic */

  /* The writer's thread only. */
  GBytes *prepared; /* a JPEG made ahead, for a push of this timestamp: */
  double prepared_timestamp;
};

typedef struct
{
  AVFrame *frame;
  double timestamp;
  double score;
  ScdFrameReason reason;
  GTask *task;
  gboolean prepare; /* only make the JPEG, for a push that may come */
} Job;

static GVariant *
write_one (ScdFrameWriter *writer, Job *job, GError **error)
{
  guint number = scd_index_get_count (writer->index);
  g_autofree char *id = scd_session_layout_frame_id (number);
  g_autofree char *path = scd_session_layout_frame (writer->frames_dir, id);
  g_autoptr (GVariant) entry = NULL;
  g_autoptr (GBytes) jpeg = g_steal_pointer (&writer->prepared);
  ScdFrameEntry fields = {
    .index = number,
    .path = path,
    .timestamp = job->timestamp,
    .score = job->score,
    .reason = scd_frame_reason_to_string (job->reason),
    .width = (guint) job->frame->width,
    .height = (guint) job->frame->height,
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

  entry = g_variant_ref_sink (scd_frame_entry_to_variant (&fields));

  scd_index_append (writer->index, entry);
  if (!scd_index_save (writer->index, error))
    return NULL;
  g_debug ("Frame %s written: %.3f s, %s, score %.1f", id, job->timestamp, fields.reason,
           job->score);
  return g_steal_pointer (&entry);
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
      av_frame_free (&job->frame);
      g_free (job);
      return;
    }

  if (g_atomic_int_get (&writer->failed))
    g_set_error (&error, SCD_ERROR, SCD_ERROR_FAILED, _("Frames can no longer be written"));
  else
    entry = write_one (writer, job, &error);

  if (entry != NULL)
    {
      writer->sink (SCD_ENTRY_FRAME, entry, writer->user_data);
      if (job->task != NULL)
        g_task_return_pointer (job->task, g_variant_ref (entry), (GDestroyNotify) g_variant_unref);
    }
  else
    {
      {
        g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&writer->lock);

        if (writer->error == NULL)
          writer->error = g_error_copy (error);
      }
      g_atomic_int_set (&writer->failed, TRUE);
      if (job->task != NULL)
        g_task_return_error (job->task, g_steal_pointer (&error));
    }

  av_frame_free (&job->frame);
  g_clear_object (&job->task);
  g_free (job);
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

  if (writer->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&writer->pool), FALSE, TRUE);
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
  if (writer->pool != NULL)
    g_thread_pool_free (writer->pool, FALSE, TRUE);
  g_clear_error (&writer->error);
  g_clear_pointer (&writer->prepared, g_bytes_unref);
  g_free (writer->frames_dir);
  scd_index_unref (writer->index);
  g_mutex_clear (&writer->lock);
  g_free (writer);
}
