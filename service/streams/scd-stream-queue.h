/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The bounded queue between the pipeline and one stream's reader: when it
 * is full, the oldest item is dropped, so the pipeline never waits.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ScdStreamQueue ScdStreamQueue;

typedef struct
{
  guint64 read;    /* items pushed */
  guint64 dropped; /* of those, dropped because the queue was full */
  guint64 sent;    /* of those, marked sent by the consumer */
} ScdStreamCounts;

ScdStreamQueue *scd_stream_queue_new (guint capacity, GDestroyNotify free_item);
void scd_stream_queue_free (ScdStreamQueue *queue);

/* Producer. Takes @item; FALSE (and @item freed) once the queue is closed. */
gboolean scd_stream_queue_push (ScdStreamQueue *queue, gpointer item);
/* Producer: no more items; the consumer gets what is queued, then the end. */
void scd_stream_queue_finish (ScdStreamQueue *queue);

/* Consumer. Waits up to @timeout_us for an item. NULL on a timeout, or
 * with *@ended set once the queue is finished and empty or closed. */
gpointer scd_stream_queue_pop (ScdStreamQueue *queue, gint64 timeout_us, gboolean *ended);
void scd_stream_queue_mark_sent (ScdStreamQueue *queue);
/* Either side: the stream is over; what is queued is dropped. */
void scd_stream_queue_close (ScdStreamQueue *queue);
gboolean scd_stream_queue_is_closed (ScdStreamQueue *queue);

ScdStreamCounts scd_stream_queue_get_counts (ScdStreamQueue *queue);

G_END_DECLS
