/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Session.OpenFrameStream and OpenAudioStream from a test: the call with
 * its file descriptor, ListStreams entries, and a thread that reads a
 * stream to its end.
 */
#include "config.h"

#include <errno.h>
#include <gio/gunixfdlist.h>
#include <string.h>
#include <unistd.h>

#include "scd-test-sender.h"
#include "scd-test-stream.h"

/* Appends the samples of a WAV file (its "data" chunk) to @out. */
void
scd_test_wav_append_data (const char *path, GByteArray *out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0, at = 12;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  while (at + 8 <= length)
    {
      guint32 size;

      /* Copied out: chunks after an odd-sized one (ffmpeg's LIST) are not
       * 4-byte aligned. */
      memcpy (&size, contents + at + 4, sizeof size);
      size = GUINT32_FROM_LE (size);
      if (memcmp (contents + at, "data", 4) == 0)
        {
          g_assert_cmpuint (at + 8 + size, <=, length);
          g_byte_array_append (out, (const guint8 *) contents + at + 8, size);
          return;
        }
      at += 8 + size + (size & 1);
    }
  g_error ("%s has no data chunk", path);
}

/* Calls @method on @session; returns the read end and the format. */
int
scd_test_open_stream (ScdTestSession *session,
                      const char *method,
                      GVariant *options,
                      GVariant **format,
                      GError **error)
{
  g_autoptr (GUnixFDList) fds = NULL;
  g_autoptr (GVariant) reply = NULL;
  gint32 handle;

  reply = g_dbus_connection_call_with_unix_fd_list_sync (
      session->service->connection, SCD_TEST_BUS_NAME, session->path, SCD_TEST_IFACE_SESSION,
      method, g_variant_new ("(@a{sv})", options), G_VARIANT_TYPE ("(ha{sv})"),
      G_DBUS_CALL_FLAGS_NONE, scd_test_timeout_ms (10000), NULL, &fds, NULL, error);
  if (reply == NULL)
    return -1;
  g_variant_get (reply, "(h@a{sv})", &handle, format);
  g_assert_nonnull (fds);
  return g_unix_fd_list_get (fds, handle, NULL);
}

int
scd_test_open_stream_ok (ScdTestSession *session,
                         const char *method,
                         GVariant *options,
                         GVariant **format)
{
  g_autoptr (GError) error = NULL;
  int fd = scd_test_open_stream (session, method, options, format, &error);

  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  return fd;
}

guint
scd_test_format_uint (GVariant *format, const char *key)
{
  guint32 value = 0;

  g_assert_true (g_variant_lookup (format, key, "u", &value));
  return value;
}

/* The ListStreams entry of stream @id. */
GVariant *
scd_test_stream_entry (ScdTestSession *session, guint id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant)
      reply = scd_test_service_call (session->service, session->path, SCD_TEST_IFACE_SESSION,
                                     "ListStreams", NULL, G_VARIANT_TYPE ("(aa{sv})"), &error);
  g_autoptr (GVariant) entries = NULL;

  g_assert_no_error (error);
  entries = g_variant_get_child_value (reply, 0);
  for (gsize i = 0; i < g_variant_n_children (entries); i++)
    {
      GVariant *entry = g_variant_get_child_value (entries, i);
      guint32 other = 0;

      g_variant_lookup (entry, "stream-id", "u", &other);
      if (other == id)
        return entry;
      g_variant_unref (entry);
    }
  g_error ("no stream %u in ListStreams", id);
}

guint64
scd_test_entry_count (GVariant *entry, const char *key)
{
  guint64 value = 0;

  g_assert_true (g_variant_lookup (entry, key, "t", &value));
  return value;
}

static gpointer
reader_thread (gpointer data)
{
  ScdTestReader *reader = data;
  guint8 buf[65536];

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gssize n;

      if (reader->pause_from != 0 && now >= reader->pause_from && now < reader->pause_until)
        {
          g_usleep ((gulong) (reader->pause_until - now));
          g_mutex_lock (&reader->lock);
          reader->bytes_at_pause_end = reader->bytes;
          g_mutex_unlock (&reader->lock);
          continue;
        }
      n = read (reader->fd, buf, sizeof buf);
      if (n < 0)
        g_error ("reading a stream: %s", g_strerror (errno));
      g_mutex_lock (&reader->lock);
      if (n == 0)
        reader->eof = TRUE;
      reader->bytes += (guint64) n;
      if (reader->kept != NULL)
        g_byte_array_append (reader->kept, buf, (guint) n);
      g_mutex_unlock (&reader->lock);
      if (n == 0)
        return NULL;
    }
}

ScdTestReader *
scd_test_reader_start (int fd, gsize frame_size, gboolean keep)
{
  ScdTestReader *reader = g_new0 (ScdTestReader, 1);

  reader->fd = fd;
  reader->frame_size = frame_size;
  reader->kept = keep ? g_byte_array_new () : NULL;
  g_mutex_init (&reader->lock);
  return reader;
}

void
scd_test_reader_run (ScdTestReader *reader)
{
  reader->thread = g_thread_new ("test-reader", reader_thread, reader);
}

static gboolean
reader_at_eof (gpointer data)
{
  ScdTestReader *reader = data;
  gboolean eof;

  g_mutex_lock (&reader->lock);
  eof = reader->eof;
  g_mutex_unlock (&reader->lock);
  return eof;
}

void
scd_test_reader_wait_eof (ScdTestReader *reader)
{
  /* Polled: the reader thread does not wake the main context. */
  if (!scd_test_poll_until (reader_at_eof, reader, scd_test_timeout_ms (30000)))
    g_error ("the stream did not end after its session stopped");
  g_thread_join (g_steal_pointer (&reader->thread));
}

void
scd_test_reader_free (ScdTestReader *reader)
{
  g_assert_null (reader->thread);
  close (reader->fd);
  if (reader->kept != NULL)
    g_byte_array_unref (reader->kept);
  g_mutex_clear (&reader->lock);
  g_free (reader);
}
