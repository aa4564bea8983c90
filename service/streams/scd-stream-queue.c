/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A GQueue under a mutex, with a condition for the consumer. Dropping the
 * oldest rather than the newest keeps a slow reader's picture as fresh as
 * it can be.
 */
#include "config.h"

#include "scd-stream-queue.h"

struct _ScdStreamQueue
{
  GMutex lock;
  GCond cond;
  GQueue items;
  guint capacity;
  GDestroyNotify free_item;
  gboolean finished;
  gboolean closed;
  ScdStreamCounts counts;
};

ScdStreamQueue *
scd_stream_queue_new (guint capacity, GDestroyNotify free_item)
{
  ScdStreamQueue *queue = g_new0 (ScdStreamQueue, 1);

  g_return_val_if_fail (capacity > 0, NULL);
  g_mutex_init (&queue->lock);
  g_cond_init (&queue->cond);
  g_queue_init (&queue->items);
  queue->capacity = capacity;
  queue->free_item = free_item;
  return queue;
}

void
scd_stream_queue_free (ScdStreamQueue *queue)
{
  if (queue == NULL)
    return;
  g_queue_clear_full (&queue->items, queue->free_item);
  g_cond_clear (&queue->cond);
  g_mutex_clear (&queue->lock);
  g_free (queue);
}

gboolean
scd_stream_queue_push (ScdStreamQueue *queue, gpointer item)
{
  gpointer oldest = NULL;

  g_mutex_lock (&queue->lock);
  if (queue->closed || queue->finished)
    {
      g_mutex_unlock (&queue->lock);
      queue->free_item (item);
      return FALSE;
    }
  if (queue->items.length >= queue->capacity)
    {
      oldest = g_queue_pop_head (&queue->items);
      queue->counts.dropped++;
    }
  g_queue_push_tail (&queue->items, item);
  queue->counts.read++;
  g_cond_signal (&queue->cond);
  g_mutex_unlock (&queue->lock);

  if (oldest != NULL)
    queue->free_item (oldest);
  return TRUE;
}

void
scd_stream_queue_finish (ScdStreamQueue *queue)
{
  g_mutex_lock (&queue->lock);
  queue->finished = TRUE;
  g_cond_broadcast (&queue->cond);
  g_mutex_unlock (&queue->lock);
}

gpointer
scd_stream_queue_pop (ScdStreamQueue *queue, gint64 timeout_us, gboolean *ended)
{
  gint64 until = g_get_monotonic_time () + timeout_us;
  gpointer item = NULL;

  g_mutex_lock (&queue->lock);
  while (!queue->closed && queue->items.length == 0 && !queue->finished)
    if (!g_cond_wait_until (&queue->cond, &queue->lock, until))
      break;
  if (!queue->closed)
    item = g_queue_pop_head (&queue->items);
  *ended = item == NULL && (queue->closed || queue->finished);
  g_mutex_unlock (&queue->lock);
  return item;
}

void
scd_stream_queue_mark_sent (ScdStreamQueue *queue)
{
  g_mutex_lock (&queue->lock);
  queue->counts.sent++;
  g_mutex_unlock (&queue->lock);
}

void
scd_stream_queue_close (ScdStreamQueue *queue)
{
  GQueue dropped = G_QUEUE_INIT;

  g_mutex_lock (&queue->lock);
  queue->closed = TRUE;
  dropped = queue->items;
  g_queue_init (&queue->items);
  g_cond_broadcast (&queue->cond);
  g_mutex_unlock (&queue->lock);
  g_queue_clear_full (&dropped, queue->free_item);
}

gboolean
scd_stream_queue_is_closed (ScdStreamQueue *queue)
{
  gboolean closed;

  g_mutex_lock (&queue->lock);
  closed = queue->closed;
  g_mutex_unlock (&queue->lock);
  return closed;
}

ScdStreamCounts
scd_stream_queue_get_counts (ScdStreamQueue *queue)
{
  ScdStreamCounts counts;

  g_mutex_lock (&queue->lock);
  counts = queue->counts;
  g_mutex_unlock (&queue->lock);
  return counts;
}
