/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The session owns the set and the pipeline holds a reference while it
 * runs. Pushing takes the set's lock only to walk the list: each stream
 * does no more than queue a reference or a copy, so a slow reader costs
 * the decode thread nothing. Ended streams stay listed, with their
 * counters, until the session goes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-audio-stream.h"
#include "scd-error.h"
#include "scd-gpu-frame.h"
#include "scd-libav.h"
#include "scd-stream-set.h"

struct _ScdStreamSet
{
  gint ref;
  GMutex lock;
  GPtrArray *streams; /* of ScdStream, ended ones too */
  ScdPictureSize picture;
  guint next_id;
};

ScdStreamSet *
scd_stream_set_new (void)
{
  ScdStreamSet *set = g_new0 (ScdStreamSet, 1);

  set->ref = 1;
  g_mutex_init (&set->lock);
  set->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) scd_stream_unref);
  set->next_id = 1;
  return set;
}

ScdStreamSet *
scd_stream_set_ref (ScdStreamSet *set)
{
  g_atomic_int_inc (&set->ref);
  return set;
}

void
scd_stream_set_unref (ScdStreamSet *set)
{
  if (set == NULL || !g_atomic_int_dec_and_test (&set->ref))
    return;
  for (guint i = 0; i < set->streams->len; i++)
    scd_stream_abort (g_ptr_array_index (set->streams, i));
  g_ptr_array_unref (set->streams);
  g_mutex_clear (&set->lock);
  g_free (set);
}

ScdPictureSize
scd_stream_set_get_picture (ScdStreamSet *set)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&set->lock);

  return set->picture;
}

/* What @stream's frames take: its "frame-size", or nothing (audio). */
static gsize
picture_bytes (ScdStream *stream)
{
  guint32 size = 0;

  g_variant_lookup (scd_stream_get_format (stream), "frame-size", "u", &size);
  return size;
}

/* Forgets the oldest ended streams past SCD_STREAM_SET_MAX_LISTED. */
static void
prune_ended (ScdStreamSet *set)
{
  guint ended = 0;

  for (guint i = 0; i < set->streams->len; i++)
    if (!scd_stream_is_open (g_ptr_array_index (set->streams, i)))
      ended++;
  for (guint i = 0; i < set->streams->len && ended > SCD_STREAM_SET_MAX_LISTED;)
    if (!scd_stream_is_open (g_ptr_array_index (set->streams, i)))
      {
        g_ptr_array_remove_index (set->streams, i);
        ended--;
      }
    else
      i++;
}

guint
scd_stream_set_add (ScdStreamSet *set, ScdStream *stream, GError **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&set->lock);
  gsize bytes = picture_bytes (stream);
  guint open = 0;
  guint id;

  prune_ended (set);
  for (guint i = 0; i < set->streams->len; i++)
    {
      ScdStream *other = g_ptr_array_index (set->streams, i);

      if (scd_stream_is_open (other))
        {
          open++;
          bytes += picture_bytes (other);
        }
    }
  if (open >= SCD_STREAM_SET_MAX_OPEN || bytes > SCD_STREAM_SET_MAX_BYTES)
    {
      if (open >= SCD_STREAM_SET_MAX_OPEN)
        g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                     _("A session may have at most %d streams open at once"),
                     SCD_STREAM_SET_MAX_OPEN);
      else
        g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                     _("A session’s open frame streams may take at most %d MiB of pictures "
                       "between them; this one would make %zu MiB"),
                     SCD_STREAM_SET_MAX_BYTES / (1024 * 1024), bytes / (1024 * 1024));
      scd_stream_abort (stream);
      scd_stream_unref (stream);
      return 0;
    }
  id = set->next_id++;
  scd_stream_start (stream, id);
  g_ptr_array_add (set->streams, stream);
  return id;
}

GVariant *
scd_stream_set_describe (ScdStreamSet *set)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&set->lock);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < set->streams->len; i++)
    g_variant_builder_add_value (&builder,
                                 scd_stream_describe (g_ptr_array_index (set->streams, i)));
  return g_variant_builder_end (&builder);
}

void
scd_stream_set_finish (ScdStreamSet *set)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&set->lock);

  for (guint i = 0; i < set->streams->len; i++)
    scd_stream_finish (g_ptr_array_index (set->streams, i));
}

void
scd_stream_set_push_frame (ScdStreamSet *set, const AVFrame *frame, double timestamp)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&set->lock);
  g_autoptr (AVFrame) in_memory = NULL;

  set->picture = (ScdPictureSize){
    .width = frame->width,
    .height = frame->height,
    .sample_aspect_ratio = frame->sample_aspect_ratio,
  };
  for (guint i = 0; i < set->streams->len; i++)
    {
      ScdStream *stream = g_ptr_array_index (set->streams, i);

      if (!scd_stream_is_open (stream) || !g_str_equal (scd_stream_get_kind (stream), "frames"))
        continue;
      /* A GPU frame is downloaded once, for every stream, and only when
       * one takes it: the streams' queues hold no GPU surface. */
      if (scd_gpu_frame_is_hardware (frame))
        {
          if (in_memory == NULL)
            in_memory = scd_gpu_frame_to_memory (frame, NULL);
          if (in_memory == NULL)
            return;
        }
      scd_frame_stream_push (stream, in_memory != NULL ? in_memory : frame, timestamp);
    }
}

void
scd_stream_set_push_samples (ScdStreamSet *set, const gint16 *samples, gsize count)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&set->lock);

  for (guint i = 0; i < set->streams->len; i++)
    {
      ScdStream *stream = g_ptr_array_index (set->streams, i);

      if (scd_stream_is_open (stream) && g_str_equal (scd_stream_get_kind (stream), "audio"))
        scd_audio_stream_push (stream, samples, count);
    }
}
