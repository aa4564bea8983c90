/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Streams from a test: open one (the read end and the format), read it in
 * a thread, look up its ListStreams counters.
 */
#pragma once

#include "scd-test-service.h"

G_BEGIN_DECLS

/* @method: "OpenFrameStream" or "OpenAudioStream". -1 with @error set. */
int scd_test_open_stream (ScdTestSession *session,
                          const char *method,
                          GVariant *options,
                          GVariant **format,
                          GError **error);
int scd_test_open_stream_ok (ScdTestSession *session,
                             const char *method,
                             GVariant *options,
                             GVariant **format);
guint scd_test_format_uint (GVariant *format, const char *key);
/* The ListStreams entry of stream @id. */
GVariant *scd_test_stream_entry (ScdTestSession *session, guint id);
guint64 scd_test_entry_count (GVariant *entry, const char *key);
/* Appends the samples of a WAV file (its "data" chunk) to @out. */
void scd_test_wav_append_data (const char *path, GByteArray *out);

/* A thread that reads a stream to its end, so that the main context is
 * free to take signals. It can be told to stop reading for a while. */
typedef struct
{
  int fd;
  gsize frame_size; /* 0: audio, no frames to count */
  GByteArray *kept; /* everything read, when asked for */
  GThread *thread;
  GMutex lock;
  guint64 bytes;
  gint64 pause_from; /* monotonic; 0: no pause */
  gint64 pause_until;
  guint64 bytes_at_pause_end;
  gboolean eof;
} ScdTestReader;

/* @frame_size: 0 for audio; @keep: keep every byte read in ->kept. */
ScdTestReader *scd_test_reader_start (int fd, gsize frame_size, gboolean keep);
void scd_test_reader_run (ScdTestReader *reader);
void scd_test_reader_wait_eof (ScdTestReader *reader);
void scd_test_reader_free (ScdTestReader *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdTestReader, scd_test_reader_free)

G_END_DECLS
