/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The write end of the pipe is non-blocking and belongs to the writer
 * thread. Waiting for a slow reader is a poll() that wakes a few times a
 * second to see whether the stream was aborted, so nobody ever has to
 * join the thread: it holds a reference and lets go of it when it ends.
 * An idle stream also looks for a reader that closed its end (POLLERR),
 * so a reader that leaves a quiet session is noticed too.
 *
 * Writing to a pipe whose reader is gone gives EPIPE (SIGPIPE is ignored
 * in main.c): the stream ends without an error.
 */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <poll.h>
#include <unistd.h>

#include "scd-error.h"
#include "scd-stream.h"

#define POLL_MS 200

/* Writer threads still running, for scd_stream_wait_all(). */
static GMutex writers_lock;
static GCond writers_cond;
static guint writers;

struct _ScdStream
{
  gint ref;
  guint id;
  const ScdStreamFuncs *funcs;
  gpointer impl;
  GVariant *format;
  ScdStreamQueue *queue;
  int fd; /* write end; the writer thread's once started */
  gint open;
  gint aborted;
};

ScdStream *
scd_stream_new (const ScdStreamFuncs *funcs,
                gpointer impl,
                guint capacity,
                gsize pipe_size,
                GVariant *format,
                int *read_fd,
                GError **error)
{
  g_autoptr (GError) pipe_error = NULL;
  ScdStream *stream;
  int fds[2];

  /* Out of file descriptors, say: a scened error, not an unmapped one. */
  if (!g_unix_open_pipe (fds, FD_CLOEXEC, &pipe_error))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not make the stream’s pipe: %s"),
                   pipe_error->message);
      funcs->free_impl (impl);
      g_variant_unref (g_variant_ref_sink (format));
      return NULL;
    }
  /* A bigger pipe lets a reader take a whole frame in fewer wakeups; the
   * system may refuse, which only costs speed. */
  if (pipe_size > 0)
    (void) fcntl (fds[1], F_SETPIPE_SZ, (int) MIN (pipe_size, 1024 * 1024));
  if (!g_unix_set_fd_nonblocking (fds[1], TRUE, error))
    {
      close (fds[0]);
      close (fds[1]);
      funcs->free_impl (impl);
      g_variant_unref (g_variant_ref_sink (format));
      return NULL;
    }

  stream = g_new0 (ScdStream, 1);
  stream->ref = 1;
  stream->funcs = funcs;
  stream->impl = impl;
  stream->format = g_variant_ref_sink (format);
  stream->queue = scd_stream_queue_new (capacity, funcs->free_item);
  stream->fd = fds[1];
  stream->open = TRUE;
  *read_fd = fds[0];
  return stream;
}

ScdStream *
scd_stream_ref (ScdStream *stream)
{
  g_atomic_int_inc (&stream->ref);
  return stream;
}

void
scd_stream_unref (ScdStream *stream)
{
  if (stream == NULL || !g_atomic_int_dec_and_test (&stream->ref))
    return;
  if (stream->fd >= 0)
    close (stream->fd);
  scd_stream_queue_free (stream->queue);
  stream->funcs->free_impl (stream->impl);
  g_variant_unref (stream->format);
  g_free (stream);
}

gpointer
scd_stream_get_impl (ScdStream *stream)
{
  return stream->impl;
}

guint
scd_stream_get_id (ScdStream *stream)
{
  return stream->id;
}

const char *
scd_stream_get_kind (ScdStream *stream)
{
  return stream->funcs->kind;
}

GVariant *
scd_stream_get_format (ScdStream *stream)
{
  return stream->format;
}

gboolean
scd_stream_is_open (ScdStream *stream)
{
  return g_atomic_int_get (&stream->open);
}

GVariant *
scd_stream_describe (ScdStream *stream)
{
  ScdStreamCounts counts = scd_stream_queue_get_counts (stream->queue);
  GVariantDict dict;

  g_variant_dict_init (&dict, stream->format);
  g_variant_dict_insert (&dict, "stream-id", "u", stream->id);
  g_variant_dict_insert (&dict, "kind", "s", stream->funcs->kind);
  g_variant_dict_insert (&dict, "open", "b", scd_stream_is_open (stream));
  g_variant_dict_insert (&dict, "read", "t", counts.read);
  g_variant_dict_insert (&dict, "dropped", "t", counts.dropped);
  g_variant_dict_insert (&dict, "sent", "t", counts.sent);
  return g_variant_dict_end (&dict);
}

gboolean
scd_stream_push (ScdStream *stream, gpointer item)
{
  return scd_stream_queue_push (stream->queue, item);
}

void
scd_stream_finish (ScdStream *stream)
{
  scd_stream_queue_finish (stream->queue);
}

void
scd_stream_abort (ScdStream *stream)
{
  g_atomic_int_set (&stream->aborted, TRUE);
  scd_stream_queue_close (stream->queue);
}

/* poll() on the write end: POLLOUT when there is room, POLLERR once the
 * reader is gone. */
static short
wait_writable (ScdStream *stream, int timeout_ms)
{
  struct pollfd pfd = { .fd = stream->fd, .events = POLLOUT };

  if (poll (&pfd, 1, timeout_ms) <= 0)
    return 0;
  return pfd.revents;
}

static gboolean
reader_gone (ScdStream *stream)
{
  return (wait_writable (stream, 0) & (POLLERR | POLLHUP)) != 0;
}

gboolean
scd_stream_write (ScdStream *stream, const void *data, gsize size, GError **error)
{
  const guint8 *p = data;

  while (size > 0)
    {
      gssize n;

      if (g_atomic_int_get (&stream->aborted))
        return FALSE;
      n = write (stream->fd, p, size);
      if (n > 0)
        {
          p += n;
          size -= (gsize) n;
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        {
          if (wait_writable (stream, POLL_MS) & (POLLERR | POLLHUP))
            return FALSE;
          continue;
        }
      if (n < 0 && errno != EPIPE)
        g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not write to a stream: %s"),
                     g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static gpointer
writer_thread (gpointer data)
{
  ScdStream *stream = data;
  g_autoptr (GError) error = NULL;
  gboolean ok = TRUE, ended = FALSE;

  for (;;)
    {
      gpointer item = scd_stream_queue_pop (stream->queue, POLL_MS * G_TIME_SPAN_MILLISECOND,
                                            &ended);

      if (item == NULL)
        {
          if (ended)
            break;
          if (reader_gone (stream))
            {
              ok = FALSE;
              break;
            }
          continue;
        }
      ok = stream->funcs->send (stream, item, &error);
      stream->funcs->free_item (item);
      if (!ok)
        break;
      scd_stream_queue_mark_sent (stream->queue);
    }
  /* Ended by the session (not by the reader, nor aborted): flush. */
  if (ok && ended && !g_atomic_int_get (&stream->aborted)
      && !scd_stream_queue_is_closed (stream->queue) && stream->funcs->finish != NULL)
    ok = stream->funcs->finish (stream, &error);
  if (error != NULL)
    g_warning ("Stream %u ended: %s", stream->id, error->message);
  {
    ScdStreamCounts counts = scd_stream_queue_get_counts (stream->queue);

    g_debug ("Stream %u (%s) closed%s: %" G_GUINT64_FORMAT " sent, %" G_GUINT64_FORMAT " dropped",
             stream->id, stream->funcs->kind, ended ? "" : " by its reader", counts.sent,
             counts.dropped);
  }

  /* The reader sees the end of the stream now, not when the session goes. */
  scd_stream_queue_close (stream->queue);
  close (stream->fd);
  stream->fd = -1;
  g_atomic_int_set (&stream->open, FALSE);
  scd_stream_unref (stream);

  g_mutex_lock (&writers_lock);
  writers--;
  g_cond_broadcast (&writers_cond);
  g_mutex_unlock (&writers_lock);
  return NULL;
}

void
scd_stream_start (ScdStream *stream, guint id)
{
  g_autofree char *name = g_strdup_printf ("scd-stream-%u", id);

  stream->id = id;
  g_debug ("Stream %u (%s) opened", id, stream->funcs->kind);
  g_mutex_lock (&writers_lock);
  writers++;
  g_mutex_unlock (&writers_lock);
  g_thread_unref (g_thread_new (name, writer_thread, scd_stream_ref (stream)));
}

/* At exit, once every session is gone (and so every stream aborted or
 * finished): gives the writer threads up to @timeout_us to let go of
 * their streams. */
gboolean
scd_stream_wait_all (gint64 timeout_us)
{
  gint64 until = g_get_monotonic_time () + timeout_us;
  gboolean done;

  g_mutex_lock (&writers_lock);
  while (writers > 0 && g_cond_wait_until (&writers_cond, &writers_lock, until))
    ;
  done = writers == 0;
  g_mutex_unlock (&writers_lock);
  return done;
}
