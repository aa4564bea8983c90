/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The queue between the pipeline and a stream's reader: never more than
 * its capacity, the oldest dropped and counted, the producer never waits,
 * a finished queue is drained before its end, a closed one ends at once.
 */
#include "scd-stream-queue.h"

static guint freed;

static void
free_item (gpointer item)
{
  freed++;
}

static void
test_drop_oldest (void)
{
  ScdStreamQueue *queue = scd_stream_queue_new (2, free_item);
  ScdStreamCounts counts;
  gboolean ended = TRUE;

  freed = 0;
  for (guint i = 1; i <= 5; i++)
    g_assert_true (scd_stream_queue_push (queue, GUINT_TO_POINTER (i)));
  counts = scd_stream_queue_get_counts (queue);
  g_assert_cmpuint (counts.read, ==, 5);
  g_assert_cmpuint (counts.dropped, ==, 3);
  g_assert_cmpuint (freed, ==, 3);

  /* The two newest, in order. */
  g_assert_cmpuint (GPOINTER_TO_UINT (scd_stream_queue_pop (queue, 0, &ended)), ==, 4);
  g_assert_false (ended);
  scd_stream_queue_mark_sent (queue);
  g_assert_cmpuint (GPOINTER_TO_UINT (scd_stream_queue_pop (queue, 0, &ended)), ==, 5);
  scd_stream_queue_mark_sent (queue);
  /* Empty: a timeout, not the end. */
  g_assert_null (scd_stream_queue_pop (queue, 1000, &ended));
  g_assert_false (ended);
  counts = scd_stream_queue_get_counts (queue);
  g_assert_cmpuint (counts.sent, ==, 2);
  scd_stream_queue_free (queue);
}

static void
test_finish_drains (void)
{
  ScdStreamQueue *queue = scd_stream_queue_new (4, free_item);
  gboolean ended = FALSE;

  freed = 0;
  scd_stream_queue_push (queue, GUINT_TO_POINTER (1));
  scd_stream_queue_push (queue, GUINT_TO_POINTER (2));
  scd_stream_queue_finish (queue);
  /* Refused after the end, and freed. */
  g_assert_false (scd_stream_queue_push (queue, GUINT_TO_POINTER (3)));
  g_assert_cmpuint (freed, ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (scd_stream_queue_pop (queue, 0, &ended)), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (scd_stream_queue_pop (queue, 0, &ended)), ==, 2);
  g_assert_false (ended);
  g_assert_null (scd_stream_queue_pop (queue, G_USEC_PER_SEC, &ended));
  g_assert_true (ended);
  scd_stream_queue_free (queue);
}

static void
test_close_drops (void)
{
  ScdStreamQueue *queue = scd_stream_queue_new (4, free_item);
  gboolean ended = FALSE;

  freed = 0;
  scd_stream_queue_push (queue, GUINT_TO_POINTER (1));
  scd_stream_queue_push (queue, GUINT_TO_POINTER (2));
  scd_stream_queue_close (queue);
  g_assert_cmpuint (freed, ==, 2);
  g_assert_true (scd_stream_queue_is_closed (queue));
  g_assert_null (scd_stream_queue_pop (queue, G_USEC_PER_SEC, &ended));
  g_assert_true (ended);
  g_assert_false (scd_stream_queue_push (queue, GUINT_TO_POINTER (3)));
  g_assert_cmpuint (freed, ==, 3);
  scd_stream_queue_free (queue);
}

typedef struct
{
  ScdStreamQueue *queue;
  guint popped;
} Consumer;

static gpointer
consume (gpointer data)
{
  Consumer *consumer = data;
  gboolean ended = FALSE;

  while (!ended)
    if (scd_stream_queue_pop (consumer->queue, G_USEC_PER_SEC, &ended) != NULL)
      {
        consumer->popped++;
        g_usleep (100); /* a slow reader */
      }
  return NULL;
}

/* A producer much faster than its consumer: every item is either taken
 * or dropped, and pop wakes for the end. */
static void
test_threads (void)
{
  Consumer consumer = { scd_stream_queue_new (2, free_item), 0 };
  GThread *thread = g_thread_new ("consumer", consume, &consumer);
  ScdStreamCounts counts;

  for (guint i = 1; i <= 20000; i++)
    scd_stream_queue_push (consumer.queue, GUINT_TO_POINTER (i));
  scd_stream_queue_finish (consumer.queue);
  g_thread_join (thread);
  counts = scd_stream_queue_get_counts (consumer.queue);
  g_test_message ("popped %u, dropped %" G_GUINT64_FORMAT, consumer.popped, counts.dropped);
  g_assert_cmpuint (counts.read, ==, 20000);
  g_assert_cmpuint (consumer.popped + counts.dropped, ==, 20000);
  g_assert_cmpuint (counts.dropped, >, 0);
  scd_stream_queue_free (consumer.queue);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stream-queue/drop-oldest", test_drop_oldest);
  g_test_add_func ("/stream-queue/finish-drains", test_finish_drains);
  g_test_add_func ("/stream-queue/close-drops", test_close_drops);
  g_test_add_func ("/stream-queue/threads", test_threads);
  return g_test_run ();
}
