/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One stream to a reader over a pipe: what frame and audio streams have in
 * common. The producer (the session's decode thread) pushes items into a
 * drop-oldest queue; a writer thread of the stream's own turns each into
 * bytes and writes them to the pipe, and alone ever waits for the reader.
 */
#pragma once

#include <gio/gio.h>

#include "scd-stream-queue.h"

G_BEGIN_DECLS

typedef struct _ScdStream ScdStream;

typedef struct
{
  const char *kind; /* "frames", "audio" */
  /* Writer thread: writes @item with scd_stream_write(). FALSE with
   * @error set ends the stream. */
  gboolean (*send) (ScdStream *stream, gpointer item, GError **error);
  /* Writer thread, after the last item when the session ended the stream
   * (an encoder drains here). May be NULL. */
  gboolean (*finish) (ScdStream *stream, GError **error);
  GDestroyNotify free_item;
  GDestroyNotify free_impl;
} ScdStreamFuncs;

/* Makes the pipe; *@read_fd gets its read end for the reader (the caller
 * owns it). @format: the stream's format entries (a{sv}, taken if
 * floating). The writer starts with scd_stream_start(). */
ScdStream *scd_stream_new (const ScdStreamFuncs *funcs,
                           gpointer impl,
                           guint capacity,
                           gsize pipe_size,
                           GVariant *format,
                           int *read_fd,
                           GError **error);
ScdStream *scd_stream_ref (ScdStream *stream);
void scd_stream_unref (ScdStream *stream);

void scd_stream_start (ScdStream *stream, guint id);
gpointer scd_stream_get_impl (ScdStream *stream);
guint scd_stream_get_id (ScdStream *stream);
const char *scd_stream_get_kind (ScdStream *stream);
GVariant *scd_stream_get_format (ScdStream *stream);
/* The stream's id, kind, whether it is open, its counters and format. */
GVariant *scd_stream_describe (ScdStream *stream);

/* Producer: takes @item. FALSE once the stream has ended. */
gboolean scd_stream_push (ScdStream *stream, gpointer item);
gboolean scd_stream_is_open (ScdStream *stream);
/* Producer: the session ended; the reader gets what is queued, then EOF. */
void scd_stream_finish (ScdStream *stream);
/* Anyone: end now, dropping what is queued (the session went away). */
void scd_stream_abort (ScdStream *stream);

/* Writer thread: all of @data, waiting for the reader as long as it takes.
 * FALSE once the reader closed its end or the stream was aborted. */
gboolean scd_stream_write (ScdStream *stream, const void *data, gsize size, GError **error);

gboolean scd_stream_wait_all (gint64 timeout_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdStream, scd_stream_unref)

G_END_DECLS
