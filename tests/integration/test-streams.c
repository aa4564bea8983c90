/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Session.OpenFrameStream and OpenAudioStream: raw frames of the size,
 * format and constant rate asked for, on a pipe; a reader that stops for a
 * while loses the oldest frames and nobody else notices; closing the pipe
 * ends its stream and nothing else; the audio stream carries the very
 * samples of the chunks, or AAC that ffprobe reads.
 */
#include "config.h"

#include <gio/gunixfdlist.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-sender.h"
#include "scd-test-service.h"
#include "scd-test-stream.h"
#include "scd-test-wait.h"

static GVariant *
frame_options (guint width, guint height, double fps, const char *pixel_format)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "width", "u", width);
  g_variant_dict_insert (&dict, "height", "u", height);
  g_variant_dict_insert (&dict, "fps", "d", fps);
  g_variant_dict_insert (&dict, "pixel-format", "s", pixel_format);
  return g_variant_dict_end (&dict);
}

/* The mean of a gray frame. */
static double
frame_mean (const guint8 *frame, gsize size)
{
  guint64 sum = 0;

  for (gsize i = 0; i < size; i++)
    sum += frame[i];
  return (double) sum / (double) size;
}

/* ---- cases ---- */

/* Two streams opened before Start on a file session, of different sizes,
 * formats and rates. Each gets exactly fps x duration frames of the size
 * it was told, every frame read is one the service counts as sent, and the
 * stream ends when the session does. The gray stream's frames change at
 * the clip's cuts and nowhere else. */
static void
test_file_frames (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GVariant) gray_format = NULL;
  g_autoptr (GVariant) yuv_format = NULL;
  g_autoptr (ScdTestReader) gray = NULL;
  g_autoptr (ScdTestReader) yuv = NULL;
  const double gray_fps = 10.0, yuv_fps = 50.0;
  guint gray_id, yuv_id;
  gsize gray_size, yuv_size;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_create_file (service, clip->path, NULL);

  gray = scd_test_reader_start (scd_test_open_stream_ok (session, "OpenFrameStream",
                                                         frame_options (160, 120, gray_fps, "gray"),
                                                         &gray_format),
                                160 * 120, TRUE);
  yuv = scd_test_reader_start (scd_test_open_stream_ok (session, "OpenFrameStream",
                                                        frame_options (64, 48, yuv_fps, "yuv420p"),
                                                        &yuv_format),
                               64 * 48 * 3 / 2, FALSE);
  gray_size = scd_test_format_uint (gray_format, "frame-size");
  yuv_size = scd_test_format_uint (yuv_format, "frame-size");
  g_assert_cmpuint (gray_size, ==, 160 * 120);
  g_assert_cmpuint (yuv_size, ==, 64 * 48 * 3 / 2);
  g_assert_cmpuint (scd_test_format_uint (gray_format, "width"), ==, 160);
  g_assert_cmpuint (scd_test_format_uint (gray_format, "height"), ==, 120);
  gray_id = scd_test_format_uint (gray_format, "stream-id");
  yuv_id = scd_test_format_uint (yuv_format, "stream-id");
  g_assert_cmpuint (gray_id, !=, yuv_id);

  scd_test_reader_run (gray);
  scd_test_reader_run (yuv);
  scd_test_session_start_ok (session);
  g_assert_true (scd_test_session_wait_state (session, "stopped", scd_test_timeout_ms (60000)));
  scd_test_reader_wait_eof (gray);
  scd_test_reader_wait_eof (yuv);

  struct
  {
    ScdTestReader *reader;
    guint id;
    gsize size;
    double fps;
  } streams[] = { { gray, gray_id, gray_size, gray_fps }, { yuv, yuv_id, yuv_size, yuv_fps } };

  for (guint s = 0; s < G_N_ELEMENTS (streams); s++)
    {
      g_autoptr (GVariant) entry = scd_test_stream_entry (session, streams[s].id);
      guint64 read = scd_test_entry_count (entry, "read");
      guint64 dropped = scd_test_entry_count (entry, "dropped");
      guint64 sent = scd_test_entry_count (entry, "sent");
      double expected = clip->n_frames * (double) clip->fps_den / clip->fps_num * streams[s].fps;
      gboolean open = TRUE;

      g_test_message ("stream %u: %" G_GUINT64_FORMAT " bytes, read %" G_GUINT64_FORMAT
                      " dropped %" G_GUINT64_FORMAT " sent %" G_GUINT64_FORMAT ", %.1f expected",
                      streams[s].id, streams[s].reader->bytes, read, dropped, sent, expected);
      g_assert_cmpuint (streams[s].reader->bytes % streams[s].size, ==, 0);
      g_assert_cmpuint (streams[s].reader->bytes / streams[s].size, ==, sent);
      g_assert_cmpuint (sent + dropped, ==, read);
      g_assert_cmpfloat (fabs ((double) read - expected), <=, 1.0);
      g_assert_true (g_variant_lookup (entry, "open", "b", &open));
      g_assert_false (open);
    }

  /* Where the picture changes a lot from one frame to the next in the
   * gray stream: at the cuts, and only there (when no frame was dropped). */
  g_autoptr (GVariant) gray_entry = scd_test_stream_entry (session, gray_id);

  if (scd_test_entry_count (gray_entry, "dropped") == 0)
    {
      guint n = gray->kept->len / gray_size;
      guint jumps = 0;

      for (guint i = 1; i < n; i++)
        {
          double before = frame_mean (gray->kept->data + (i - 1) * gray_size, gray_size);
          double after = frame_mean (gray->kept->data + i * gray_size, gray_size);

          if (fabs (after - before) > 8.0)
            {
              double t = i / gray_fps;
              gboolean at_cut = FALSE;

              for (guint c = 0; c < clip->cut_frames->len; c++)
                {
                  double cut = g_array_index (clip->cut_frames, guint, c) * (double) clip->fps_den
                               / clip->fps_num;
                  at_cut |= fabs (cut - t) <= 1.0 / gray_fps + 1e-6;
                }
              g_test_message ("frame %u (%.1f s): mean %.1f -> %.1f", i, t, before, after);
              g_assert_true (at_cut);
              jumps++;
            }
        }
      g_assert_cmpuint (jumps, >=, 1);
    }
  else
    g_test_message ("frames were dropped: the content check is left out");
  scd_test_service_assert_alive (service);
}

static gboolean
has_picture (gpointer data)
{
  return scd_test_session_get_uint64 (data, SCD_TEST_IFACE_SESSION, "FramesDecoded") > 0;
}

/* A stream opened on a running session with only a width: the height
 * follows the picture's aspect ratio. Read live (realtime), it gives
 * fps frames per second of the session timeline it was open for. */
static void
test_live_rate (void)
{
  const ScdTestClip *clip = scd_test_sender_short_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GVariant) format = NULL;
  g_autoptr (GVariant) entry = NULL;
  g_autoptr (ScdTestReader) reader = NULL;
  const double fps = 15.0;
  GVariantDict options;
  double opened_at, ended_at, expected;
  guint64 read;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_create_file (service, clip->path,
                                          g_variant_new_parsed ("{'realtime': <true>}"));
  scd_test_session_start_ok (session);
  g_assert_true (scd_test_poll_until (has_picture, session, scd_test_timeout_ms (10000)));

  g_variant_dict_init (&options, NULL);
  g_variant_dict_insert (&options, "width", "u", 96);
  g_variant_dict_insert (&options, "fps", "d", fps);
  reader = scd_test_reader_start (
      scd_test_open_stream_ok (session, "OpenFrameStream", g_variant_dict_end (&options), &format),
      96 * 72 * 3, FALSE);
  opened_at = scd_test_session_get_double (session, SCD_TEST_IFACE_SESSION, "Position");
  g_assert_cmpuint (scd_test_format_uint (format, "width"), ==, 96);
  g_assert_cmpuint (scd_test_format_uint (format, "height"), ==, 72); /* 320x240 */
  g_assert_cmpuint (scd_test_format_uint (format, "frame-size"), ==, 96 * 72 * 3);
  scd_test_reader_run (reader);

  g_assert_true (scd_test_session_wait_state (session, "stopped", scd_test_timeout_ms (60000)));
  scd_test_reader_wait_eof (reader);
  ended_at = clip->duration;
  entry = scd_test_stream_entry (session, scd_test_format_uint (format, "stream-id"));
  read = scd_test_entry_count (entry, "read");
  expected = fps * (ended_at - opened_at);
  g_test_message ("open from %.2f s to %.2f s: %" G_GUINT64_FORMAT " frames, %.1f expected",
                  opened_at, ended_at, read, expected);
  /* Position is reported about once a second: the opening time is known
   * to within that. */
  g_assert_cmpfloat (fabs ((double) read - expected), <=, fps * 1.0 + 1.0);
  g_assert_cmpuint (reader->bytes, ==, scd_test_entry_count (entry, "sent") * 96 * 72 * 3);
}

typedef struct
{
  ScdTestSession *session;
  guint n;
} FrameWait;

static gboolean
have_frames (gpointer data)
{
  FrameWait *wait = data;

  return wait->session->frames->len >= wait->n;
}

/* A reader that stops reading for four seconds, in a realtime session
 * with cuts at 2.0 and 3.8 s: frames are dropped and counted, the cuts
 * are announced while it is stopped, the stream goes on after, and a
 * second stream of the same session, read all along, does not notice. */
static void
test_slow_reader (void)
{
  const ScdTestClip *clip = scd_test_sender_live_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GVariant) format = NULL;
  g_autoptr (GVariant) entry = NULL;
  g_autoptr (ScdTestReader) reader = NULL;
  g_autoptr (ScdTestReader) steady = NULL;
  g_autoptr (GVariant) steady_format = NULL;
  g_autoptr (GVariant) steady_entry = NULL;
  gint64 started;
  FrameWait wait;
  guint64 dropped, after_pause;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_create_file (service, clip->path,
                                          g_variant_new_parsed ("{'realtime': <true>}"));
  reader = scd_test_reader_start (scd_test_open_stream_ok (session, "OpenFrameStream",
                                                           frame_options (64, 48, 25.0, "rgb24"),
                                                           &format),
                                  64 * 48 * 3, FALSE);
  steady = scd_test_reader_start (scd_test_open_stream_ok (session, "OpenFrameStream",
                                                           frame_options (64, 48, 25.0, "rgb24"),
                                                           &steady_format),
                                  64 * 48 * 3, FALSE);
  scd_test_reader_run (steady);
  started = g_get_monotonic_time ();
  reader->pause_from = started + G_USEC_PER_SEC;
  reader->pause_until = started + 5 * G_USEC_PER_SEC;
  scd_test_reader_run (reader);
  scd_test_session_start_ok (session);

  /* The first frame and the cuts at 2.0 and 3.8 s, before the reader
   * reads again. */
  wait = (FrameWait){ session, 3 };
  scd_test_wait_until (have_frames, &wait, scd_test_timeout_ms (10000));
  g_test_message ("3 frames announced %.2f s after the start; the reader reads again at 5.00 s",
                  (g_get_monotonic_time () - started) / 1e6);
  g_assert_cmpint (g_get_monotonic_time (), <, reader->pause_until);
  g_assert_cmpuint (session->frames->len, >=, 3);

  g_assert_true (scd_test_session_wait_state (session, "stopped", scd_test_timeout_ms (60000)));
  scd_test_reader_wait_eof (reader);
  entry = scd_test_stream_entry (session, scd_test_format_uint (format, "stream-id"));
  dropped = scd_test_entry_count (entry, "dropped");
  after_pause = (reader->bytes - reader->bytes_at_pause_end) / (64 * 48 * 3);
  g_test_message ("read %" G_GUINT64_FORMAT ", dropped %" G_GUINT64_FORMAT
                  ", sent %" G_GUINT64_FORMAT "; %" G_GUINT64_FORMAT " frames read after the pause",
                  scd_test_entry_count (entry, "read"), dropped,
                  scd_test_entry_count (entry, "sent"), after_pause);
  /* Four seconds at 25 fps, less what the pipe and the queue hold. */
  g_assert_cmpuint (dropped, >=, 50);
  /* The 4 s after the pause, at 25 fps, less a margin. */
  g_assert_cmpuint (after_pause, >=, 50);
  g_assert_cmpuint (session->frames->len, ==, clip->cut_frames->len + 1);

  /* The other stream of the session, read all along, lost next to
   * nothing while this one lost four seconds. */
  scd_test_reader_wait_eof (steady);
  steady_entry = scd_test_stream_entry (session, scd_test_format_uint (steady_format, "stream-id"));
  g_test_message ("the steady stream: read %" G_GUINT64_FORMAT ", dropped %" G_GUINT64_FORMAT,
                  scd_test_entry_count (steady_entry, "read"),
                  scd_test_entry_count (steady_entry, "dropped"));
  g_assert_cmpuint (scd_test_entry_count (steady_entry, "read"), ==,
                    scd_test_entry_count (entry, "read"));
  g_assert_cmpuint (scd_test_entry_count (steady_entry, "dropped"), <=, 10);
}

static gboolean
stream_closed (gpointer data)
{
  void **args = data;
  g_autoptr (GVariant) entry = scd_test_stream_entry (args[0], GPOINTER_TO_UINT (args[1]));
  gboolean open = TRUE;

  g_variant_lookup (entry, "open", "b", &open);
  return !open;
}

/* Two streams; the reader of one closes its end after a few frames. That
 * stream ends, the other goes on to the end, the session stops cleanly
 * and the service says nothing about it. A stream cannot be opened on a
 * session that has stopped. */
static void
test_close_reader (void)
{
  const ScdTestClip *clip = scd_test_sender_short_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GVariant) closing_format = NULL;
  g_autoptr (GVariant) other_format = NULL;
  g_autoptr (GVariant) entry = NULL;
  g_autoptr (GVariant) unused = NULL;
  g_autoptr (ScdTestReader) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *state_error = NULL;
  guint8 frame[32 * 24 * 3];
  int closing;
  void *args[2];

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_create_file (service, clip->path,
                                          g_variant_new_parsed ("{'realtime': <true>}"));
  closing = scd_test_open_stream_ok (session, "OpenFrameStream",
                                     frame_options (32, 24, 25.0, "rgb24"), &closing_format);
  other = scd_test_reader_start (scd_test_open_stream_ok (session, "OpenFrameStream",
                                                          frame_options (32, 24, 25.0, "rgb24"),
                                                          &other_format),
                                 sizeof frame, FALSE);
  scd_test_reader_run (other);
  scd_test_session_start_ok (session);

  for (guint i = 0; i < 5; i++)
    {
      gsize got = 0;

      while (got < sizeof frame)
        {
          gssize n = read (closing, frame + got, sizeof frame - got);

          g_assert_cmpint (n, >, 0);
          got += (gsize) n;
        }
    }
  close (closing);
  args[0] = session;
  args[1] = GUINT_TO_POINTER (scd_test_format_uint (closing_format, "stream-id"));
  g_assert_true (scd_test_poll_until (stream_closed, args, scd_test_timeout_ms (5000)));
  /* The session did not notice. */
  {
    g_autofree char *state = scd_test_session_get_string (session, "State");

    g_assert_cmpstr (state, ==, "running");
  }

  g_assert_true (scd_test_session_wait_state (session, "stopped", scd_test_timeout_ms (60000)));
  scd_test_reader_wait_eof (other);
  state_error = scd_test_session_get_string (session, "Error");
  g_assert_cmpstr (state_error, ==, "");
  entry = scd_test_stream_entry (session, scd_test_format_uint (other_format, "stream-id"));
  g_assert_cmpuint (scd_test_entry_count (entry, "read"), >=,
                    (guint64) (clip->duration * 25.0) - 2);

  /* A reader that goes away is no failure: no warning about the stream
   * (the debug lines of -v say it opened and closed). */
  g_file_get_contents (service->log_path, &log, NULL, NULL);
  {
    g_auto (GStrv) lines = g_strsplit (log != NULL ? log : "", "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], "Stream") != NULL && strstr (lines[i], "DEBUG") == NULL)
        g_error ("the service complained about a stream: %s", lines[i]);
  }

  /* Stopped: no more streams. */
  g_assert_cmpint (scd_test_open_stream (session, "OpenFrameStream",
                                         frame_options (32, 24, 25.0, "gray"), &unused, &error),
                   ==, -1);
  scd_test_assert_scened_error (error, "InvalidState");
  scd_test_service_assert_alive (service);
}

static void
open_async (ScdTestSession *session, GVariant *options, ScdTestAsyncCall *call)
{
  scd_test_session_call_async (session, "OpenFrameStream", g_variant_new ("(@a{sv})", options),
                               G_VARIANT_TYPE ("(ha{sv})"), call);
}

/* A size that follows the picture, asked for on a live session still
 * waiting for its sender: the answer comes once the sender's first picture
 * is decoded, with the height from its aspect ratio, and frames follow.
 * Asked on a session that stops before any picture: InvalidState. */
static void
test_wait_for_picture (void)
{
  const ScdTestClip *clip = scd_test_sender_short_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScdTestSession) lonely = NULL;
  g_autoptr (ScdTestFfmpegSender) sender = NULL;
  g_autoptr (GVariant) format = NULL;
  g_autofree char *url = NULL;
  g_autofree char *lonely_url = NULL;
  ScdTestAsyncCall call, lonely_call;
  guint16 port, lonely_port;
  guint8 frame[96 * 72];
  gsize got = 0;
  gint32 handle;
  int fd;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  port = scd_test_free_port (FALSE);
  url = scd_test_tcp_listen_url (port);
  session = scd_test_session_create (service, g_variant_new_parsed ("{'source': <%s>}", url), NULL);
  scd_test_session_start_ok (session);
  g_assert_true (scd_test_wait_tcp_listening (port, scd_test_timeout_ms (10000)));
  lonely_port = scd_test_free_port (FALSE);
  lonely_url = scd_test_tcp_listen_url (lonely_port);
  lonely = scd_test_session_create (service, g_variant_new_parsed ("{'source': <%s>}", lonely_url),
                                    NULL);
  scd_test_session_start_ok (lonely);
  g_assert_true (scd_test_wait_tcp_listening (lonely_port, scd_test_timeout_ms (10000)));

  open_async (session, g_variant_new_parsed ("{'width': <uint32 96>, 'pixel-format': <'gray'>}"),
              &call);
  open_async (lonely, g_variant_new_parsed ("{'height': <uint32 72>}"), &lonely_call);
  /* Nothing to answer with yet: a sync call behind them goes first. */
  g_assert_cmpuint (scd_test_session_get_uint64 (session, SCD_TEST_IFACE_SESSION, "FramesDecoded"),
                    ==, 0);
  scd_test_iterate_pending ();
  g_assert_false (call.done);
  g_assert_false (lonely_call.done);

  sender = scd_test_ffmpeg_sender_start_tcp (clip->path, port);
  g_assert_true (scd_test_async_call_wait (&call, scd_test_timeout_ms (20000)));
  g_assert_no_error (call.error);
  g_variant_get (call.reply, "(h@a{sv})", &handle, &format);
  g_assert_cmpuint (scd_test_format_uint (format, "width"), ==, 96);
  g_assert_cmpuint (scd_test_format_uint (format, "height"), ==, 72);
  fd = g_unix_fd_list_get (call.fds, handle, NULL);
  while (got < sizeof frame)
    {
      gssize n = read (fd, frame + got, sizeof frame - got);

      g_assert_cmpint (n, >, 0);
      got += (gsize) n;
    }
  close (fd);
  scd_test_async_call_clear (&call);

  /* The session without a sender stops: its caller hears why. */
  g_assert_false (lonely_call.done);
  scd_test_session_stop_ok (lonely);
  g_assert_true (scd_test_async_call_wait (&lonely_call, scd_test_timeout_ms (20000)));
  g_assert_null (lonely_call.reply);
  g_test_message ("no picture: %s", lonely_call.error->message);
  scd_test_assert_scened_error (lonely_call.error, "InvalidState");
  scd_test_async_call_clear (&lonely_call);
  scd_test_service_assert_alive (service);
}

static GVariant *
audio_options (const char *codec, guint rate, guint channels)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "codec", "s", codec);
  if (rate != 0)
    g_variant_dict_insert (&dict, "sample-rate", "u", rate);
  if (channels != 0)
    g_variant_dict_insert (&dict, "channels", "u", channels);
  return g_variant_dict_end (&dict);
}

/* The PCM stream carries exactly the samples the chunks hold; the AAC
 * stream is ADTS that ffprobe reads at the rate and channel count asked
 * for, as long as the clip. Nothing is dropped. */
static void
test_audio (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GVariant) pcm_format = NULL;
  g_autoptr (GVariant) aac_format = NULL;
  g_autoptr (GVariant) entry = NULL;
  g_autoptr (ScdTestReader) pcm = NULL;
  g_autoptr (ScdTestReader) aac = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *aac_path = NULL;
  g_autofree char *probe = NULL;
  guint64 chunk_samples = 0;
  guint64 decoded;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  /* Read at its own pace, so that neither reader can fall behind: a file
   * decoded flat out makes audio faster than AAC is encoded. */
  session = scd_test_session_create_file (service, clip->path,
                                          g_variant_new_parsed ("{'realtime': <true>}"));
  pcm = scd_test_reader_start (scd_test_open_stream_ok (session, "OpenAudioStream",
                                                        audio_options ("pcm_s16le", 0, 0),
                                                        &pcm_format),
                               0, TRUE);
  aac = scd_test_reader_start (scd_test_open_stream_ok (session, "OpenAudioStream",
                                                        audio_options ("aac", 48000, 2),
                                                        &aac_format),
                               0, TRUE);
  g_assert_cmpuint (scd_test_format_uint (pcm_format, "sample-rate"), ==, 16000);
  g_assert_cmpuint (scd_test_format_uint (pcm_format, "channels"), ==, 1);
  scd_test_reader_run (pcm);
  scd_test_reader_run (aac);
  scd_test_session_start_ok (session);
  g_assert_true (scd_test_session_wait_state (session, "stopped", scd_test_timeout_ms (60000)));
  scd_test_reader_wait_eof (pcm);
  scd_test_reader_wait_eof (aac);

  for (guint i = 0; i < session->chunks->len; i++)
    {
      guint64 samples = 0;

      g_variant_lookup (g_ptr_array_index (session->chunks, i), "samples", "t", &samples);
      chunk_samples += samples;
    }
  entry = scd_test_stream_entry (session, scd_test_format_uint (pcm_format, "stream-id"));
  g_test_message ("PCM: %" G_GUINT64_FORMAT " bytes, %" G_GUINT64_FORMAT
                  " samples in the chunks, %" G_GUINT64_FORMAT " buffers dropped",
                  pcm->bytes, chunk_samples, scd_test_entry_count (entry, "dropped"));
  g_assert_cmpuint (scd_test_entry_count (entry, "dropped"), ==, 0);
  g_assert_cmpuint (pcm->bytes, ==, chunk_samples * 2);
  /* And they are the very same samples, in the same order. */
  {
    g_autoptr (GByteArray) chunks = g_byte_array_new ();

    for (guint i = 0; i < session->chunks->len; i++)
      {
        const char *path = NULL;

        g_variant_lookup (g_ptr_array_index (session->chunks, i), "path", "&s", &path);
        scd_test_wav_append_data (path, chunks);
      }
    g_assert_cmpuint (chunks->len, ==, pcm->kept->len);
    g_assert_true (memcmp (chunks->data, pcm->kept->data, chunks->len) == 0);
  }

  aac_path = g_build_filename (service->tmp_dir, "stream.aac", NULL);
  g_file_set_contents (aac_path, (const char *) aac->kept->data, aac->kept->len, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { "ffprobe",
                           "-v",
                           "error",
                           "-show_entries",
                           "stream=codec_name,sample_rate,channels",
                           "-of",
                           "default=noprint_wrappers=1",
                           aac_path,
                           NULL };

    g_assert_true (scd_test_media_run (argv, &probe, NULL, &error));
    g_assert_no_error (error);
  }
  g_test_message ("ffprobe: %s", probe);
  g_assert_nonnull (strstr (probe, "codec_name=aac"));
  g_assert_nonnull (strstr (probe, "sample_rate=48000"));
  g_assert_nonnull (strstr (probe, "channels=2"));
  g_clear_pointer (&entry, g_variant_unref);
  entry = scd_test_stream_entry (session, scd_test_format_uint (aac_format, "stream-id"));
  g_assert_cmpuint (scd_test_entry_count (entry, "dropped"), ==, 0);
  decoded = scd_test_media_decoded_samples (aac_path, 48000, 2, &error);
  g_assert_no_error (error);
  g_test_message ("AAC: %" G_GUINT64_FORMAT " samples decoded, %.3f s; the clip is %.3f s", decoded,
                  decoded / 48000.0, clip->duration);
  g_assert_cmpfloat (fabs (decoded / 48000.0 - clip->duration), <, 0.1);
}

/* Every option a caller can get wrong, and streams a session cannot give. */
static void
test_bad_options (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScdTestSession) reopened = NULL;
  g_autofree char *directory = NULL;
  struct
  {
    const char *method;
    const char *options;
    const char *error;
  } cases[] = {
    { "OpenFrameStream", "{'colour': <true>}", "InvalidArgument" },
    { "OpenFrameStream", "{'width': <'wide'>, 'height': <uint32 10>}", "InvalidArgument" },
    { "OpenFrameStream", "{'width': <10>, 'height': <uint32 10>}", "InvalidArgument" },
    { "OpenFrameStream", "{'width': <uint32 10>, 'height': <uint32 10>, 'fps': <0.0>}",
      "InvalidArgument" },
    { "OpenFrameStream", "{'width': <uint32 10>, 'height': <uint32 10>, 'fps': <-5.0>}",
      "InvalidArgument" },
    { "OpenFrameStream", "{'width': <uint32 10>, 'height': <uint32 10>, 'fps': <1e9>}",
      "InvalidArgument" },
    { "OpenFrameStream", "{'width': <uint32 10>, 'height': <uint32 10>, 'pixel-format': <'rgba'>}",
      "InvalidArgument" },
    { "OpenFrameStream", "{'width': <uint32 100000>, 'height': <uint32 10>}", "InvalidArgument" },
    { "OpenFrameStream",
      "{'width': <uint32 11>, 'height': <uint32 10>, 'pixel-format': <'yuv420p'>}",
      "InvalidArgument" },
    /* No picture decoded yet: the size cannot follow it. */
    { "OpenFrameStream", "{'width': <uint32 160>}", "InvalidState" },
    { "OpenFrameStream", "@a{sv} {}", "InvalidState" },
    { "OpenAudioStream", "{'codec': <'mp3'>}", "InvalidArgument" },
    { "OpenAudioStream", "{'sample-rate': <uint32 0>}", "InvalidArgument" },
    { "OpenAudioStream", "{'channels': <uint32 7>}", "InvalidArgument" },
    { "OpenAudioStream", "{'codec': <'aac'>, 'sample-rate': <uint32 11111>}", "Unsupported" },
    { "OpenAudioStream", "{'codec': <'aac'>, 'bitrate': <uint32 64000>}", "InvalidArgument" },
  };

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_create_file (service, clip->path, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GVariant) format = NULL;

      g_assert_cmpint (scd_test_open_stream (session, cases[i].method,
                                             g_variant_new_parsed (cases[i].options), &format,
                                             &error),
                       ==, -1);
      g_test_message ("%s %s: %s", cases[i].method, cases[i].options, error->message);
      scd_test_assert_scened_error (error, cases[i].error);
    }

  /* A session made without audio has none to stream. */
  {
    g_autoptr (ScdTestSession) mute = scd_test_session_create_file (
        service, clip->path, g_variant_new_parsed ("{'audio-source': <'none'>}"));
    g_autoptr (GError) error = NULL;
    g_autoptr (GVariant) format = NULL;

    g_assert_cmpint (scd_test_open_stream (mute, "OpenAudioStream",
                                           g_variant_new_parsed ("@a{sv} {}"), &format, &error),
                     ==, -1);
    scd_test_assert_scened_error (error, "InvalidState");
  }

  /* The session is none the worse, and once it has stopped, or when it is
   * reopened read-only, it has nothing to stream. */
  scd_test_session_start_ok (session);
  g_assert_true (scd_test_session_wait_state (session, "stopped", scd_test_timeout_ms (60000)));
  g_assert_cmpuint (session->frames->len, ==, clip->cut_frames->len + 1);
  directory = scd_test_session_get_directory (session);
  {
    g_autoptr (GError) error = NULL;

    scd_test_session_close (session, &error);
    g_assert_no_error (error);
  }
  reopened = scd_test_session_open (service, directory);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GVariant) format = NULL;

    g_assert_cmpint (scd_test_open_stream (reopened, "OpenAudioStream",
                                           g_variant_new_parsed ("@a{sv} {}"), &format, &error),
                     ==, -1);
    scd_test_assert_scened_error (error, "InvalidState");
  }
  scd_test_service_assert_alive (service);
}

static void
expect_stream_refused (ScdTestSession *session, const char *method, GVariant *options)
{
  g_autoptr (GVariant) unused = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (scd_test_open_stream (session, method, options, &unused, &error), ==, -1);
  scd_test_assert_scened_error (error, "InvalidState");
  g_test_message ("refused: %s", error->message);
}

/* Eight unread 8192×8192 streams once took 1.6 GB. A session has at most
 * 8 streams open, of any kind, and their pictures take at most 256 MiB
 * between them; a stream that ends makes room again. */
static void
test_limits (void)
{
  const ScdTestClip *clip = scd_test_sender_short_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScdTestSession) large = NULL;
  g_autoptr (GVariant) first_format = NULL;
  int fds[8];
  void *args[2];

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_create_file (service, clip->path, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    {
      g_autoptr (GVariant) format = NULL;

      fds[i] = scd_test_open_stream_ok (session, "OpenFrameStream",
                                        frame_options (32, 24, 25.0, "rgb24"), &format);
      if (i == 0)
        first_format = g_steal_pointer (&format);
    }
  expect_stream_refused (session, "OpenFrameStream", frame_options (32, 24, 25.0, "rgb24"));
  expect_stream_refused (session, "OpenAudioStream", g_variant_new_parsed ("@a{sv} {}"));

  close (fds[0]);
  args[0] = session;
  args[1] = GUINT_TO_POINTER (scd_test_format_uint (first_format, "stream-id"));
  g_assert_true (scd_test_poll_until (stream_closed, args, scd_test_timeout_ms (5000)));
  {
    g_autoptr (GVariant) format = NULL;

    fds[0] = scd_test_open_stream_ok (session, "OpenFrameStream",
                                      frame_options (32, 24, 25.0, "rgb24"), &format);
  }
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    close (fds[i]);

  /* 192 MiB, then 96 MiB more: too much; 12 KiB more is fine. */
  large = scd_test_session_create_file (service, clip->path, NULL);
  {
    g_autoptr (GVariant) big_format = NULL;
    g_autoptr (GVariant) small_format = NULL;

    fds[0] = scd_test_open_stream_ok (large, "OpenFrameStream",
                                      frame_options (8192, 8192, 1.0, "rgb24"), &big_format);
    expect_stream_refused (large, "OpenFrameStream", frame_options (8192, 4096, 1.0, "rgb24"));
    fds[1] = scd_test_open_stream_ok (large, "OpenFrameStream",
                                      frame_options (64, 64, 1.0, "rgb24"), &small_format);
  }
  close (fds[0]);
  close (fds[1]);
  scd_test_service_assert_alive (service);
}

int
main (int argc, char *argv[])
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/streams/file-frames", test_file_frames);
  g_test_add_func ("/streams/live-rate", test_live_rate);
  g_test_add_func ("/streams/slow-reader", test_slow_reader);
  g_test_add_func ("/streams/close-reader", test_close_reader);
  g_test_add_func ("/streams/audio", test_audio);
  g_test_add_func ("/streams/bad-options", test_bad_options);
  g_test_add_func ("/streams/wait-for-picture", test_wait_for_picture);
  g_test_add_func ("/streams/limits", test_limits);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
