/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A pa_threaded_mainloop runs the connection in its own thread. The read
 * callback never blocks: it copies what the stream has into a buffer
 * under a mutex and wakes the reader (the session's worker thread), which
 * takes everything at once. PulseAudio converts to the session's rate and
 * channel count itself.
 *
 * Time is never lost: a hole PulseAudio reports becomes silence of the
 * same length, so the sample count keeps matching the session clock. An
 * overrun (PulseAudio dropped audio because it was not read in time) is
 * counted; so is the very unlikely case of the reader falling a minute
 * behind, where the oldest audio is dropped rather than memory grown.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <pulse/pulseaudio.h>
#include <string.h>

#include "scd-error.h"
#include "scd-pulse-capture.h"

#define MAX_BUFFERED_SECONDS 60
#define FRAGMENT_MS 20

struct _ScdPulseCapture
{
  pa_threaded_mainloop *mainloop;
  pa_context *context;
  pa_stream *stream;
  gsize frame_bytes;

  GMutex lock;
  GCond cond;
  GByteArray *buffer;
  gsize max_bytes;
  gboolean broken;  /* the stream or the server went away */
  guint64 overruns; /* atomic-ish: written in libpulse's thread under lock */
};

static void
context_state_cb (pa_context *context, void *user_data)
{
  ScdPulseCapture *capture = user_data;

  pa_threaded_mainloop_signal (capture->mainloop, 0);
  if (!PA_CONTEXT_IS_GOOD (pa_context_get_state (context)))
    {
      g_mutex_lock (&capture->lock);
      capture->broken = TRUE;
      g_cond_broadcast (&capture->cond);
      g_mutex_unlock (&capture->lock);
    }
}

static void
stream_state_cb (pa_stream *stream, void *user_data)
{
  ScdPulseCapture *capture = user_data;

  pa_threaded_mainloop_signal (capture->mainloop, 0);
  if (!PA_STREAM_IS_GOOD (pa_stream_get_state (stream)))
    {
      g_mutex_lock (&capture->lock);
      capture->broken = TRUE;
      g_cond_broadcast (&capture->cond);
      g_mutex_unlock (&capture->lock);
    }
}

static void
overflow_cb (pa_stream *stream, void *user_data)
{
  ScdPulseCapture *capture = user_data;

  g_mutex_lock (&capture->lock);
  capture->overruns++;
  g_mutex_unlock (&capture->lock);
}

static void
append (ScdPulseCapture *capture, const void *data, gsize n)
{
  g_mutex_lock (&capture->lock);
  if (data != NULL)
    g_byte_array_append (capture->buffer, data, (guint) n);
  else
    {
      /* A hole: silence of the same length. */
      guint old = capture->buffer->len;

      g_byte_array_set_size (capture->buffer, old + (guint) n);
      memset (capture->buffer->data + old, 0, n);
    }
  if (capture->buffer->len > capture->max_bytes)
    {
      gsize excess = capture->buffer->len - capture->max_bytes;

      excess -= excess % capture->frame_bytes;
      g_byte_array_remove_range (capture->buffer, 0, (guint) excess);
      capture->overruns++;
    }
  g_cond_broadcast (&capture->cond);
  g_mutex_unlock (&capture->lock);
}

static void
read_cb (pa_stream *stream, size_t nbytes, void *user_data)
{
  ScdPulseCapture *capture = user_data;

  while (pa_stream_readable_size (stream) > 0)
    {
      const void *data = NULL;
      size_t n = 0;

      if (pa_stream_peek (stream, &data, &n) < 0 || n == 0)
        return;
      append (capture, data, n);
      pa_stream_drop (stream);
    }
}

static void
set_pulse_error (GError **error, int code, const char *what, int pa_error)
{
  g_set_error (error, SCD_ERROR, code, "%s: %s", what, pa_strerror (pa_error));
}

/* Connects to the PulseAudio server (libpulse's defaults: PULSE_SERVER,
 * or the user's runtime directory) and starts recording from @source
 * (NULL or "": the default source). */
ScdPulseCapture *
scd_pulse_capture_start (const char *source, guint rate, guint channels, GError **error)
{
  g_autoptr (ScdPulseCapture) capture = g_new0 (ScdPulseCapture, 1);
  pa_sample_spec spec = { .format = PA_SAMPLE_S16LE, .rate = rate, .channels = (uint8_t) channels };
  pa_buffer_attr attr = { 0 };
  pa_context_state_t context_state;
  pa_stream_state_t stream_state;

  if (source != NULL && *source == '\0')
    source = NULL;
  g_mutex_init (&capture->lock);
  g_cond_init (&capture->cond);
  capture->buffer = g_byte_array_new ();
  capture->frame_bytes = pa_frame_size (&spec);
  capture->max_bytes = (gsize) MAX_BUFFERED_SECONDS * rate * capture->frame_bytes;

  capture->mainloop = pa_threaded_mainloop_new ();
  capture->context = pa_context_new (pa_threaded_mainloop_get_api (capture->mainloop), "scened");
  pa_context_set_state_callback (capture->context, context_state_cb, capture);
  if (pa_context_connect (capture->context, NULL, PA_CONTEXT_NOAUTOSPAWN, NULL) < 0)
    {
      set_pulse_error (error, SCD_ERROR_SOURCE_UNAVAILABLE, _("No PulseAudio server"),
                       pa_context_errno (capture->context));
      return NULL;
    }

  pa_threaded_mainloop_lock (capture->mainloop);
  pa_threaded_mainloop_start (capture->mainloop);
  while ((context_state = pa_context_get_state (capture->context)) != PA_CONTEXT_READY
         && PA_CONTEXT_IS_GOOD (context_state))
    pa_threaded_mainloop_wait (capture->mainloop);
  if (context_state != PA_CONTEXT_READY)
    {
      set_pulse_error (error, SCD_ERROR_SOURCE_UNAVAILABLE, _("No PulseAudio server"),
                       pa_context_errno (capture->context));
      pa_threaded_mainloop_unlock (capture->mainloop);
      return NULL;
    }

  capture->stream = pa_stream_new (capture->context, "scened capture", &spec, NULL);
  pa_stream_set_state_callback (capture->stream, stream_state_cb, capture);
  pa_stream_set_read_callback (capture->stream, read_cb, capture);
  pa_stream_set_overflow_callback (capture->stream, overflow_cb, capture);
  attr.maxlength = (uint32_t) -1;
  attr.fragsize = (uint32_t) (rate * capture->frame_bytes * FRAGMENT_MS / 1000);
  if (pa_stream_connect_record (capture->stream, source, &attr, PA_STREAM_ADJUST_LATENCY) < 0)
    stream_state = PA_STREAM_FAILED;
  else
    while ((stream_state = pa_stream_get_state (capture->stream)) != PA_STREAM_READY
           && PA_STREAM_IS_GOOD (stream_state))
      pa_threaded_mainloop_wait (capture->mainloop);

  if (stream_state != PA_STREAM_READY)
    {
      int pa_error = pa_context_errno (capture->context);

      if (pa_error == PA_ERR_NOENTITY)
        g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE,
                     _("No PulseAudio source named “%s”"), source != NULL ? source : "");
      else
        set_pulse_error (error, SCD_ERROR_SOURCE_UNAVAILABLE,
                         _("Could not record from PulseAudio"), pa_error);
      pa_threaded_mainloop_unlock (capture->mainloop);
      return NULL;
    }
  pa_threaded_mainloop_unlock (capture->mainloop);
  return g_steal_pointer (&capture);
}

/* Moves what was captured into @out, waiting up to @timeout_us for some.
 * FALSE with @error set once the stream is gone (and drained). */
gboolean
scd_pulse_capture_read (ScdPulseCapture *capture,
                        GByteArray *out,
                        gint64 timeout_us,
                        GError **error)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&capture->lock);

  while (capture->buffer->len == 0 && !capture->broken)
    if (!g_cond_wait_until (&capture->cond, &capture->lock, deadline))
      break;

  if (capture->buffer->len > 0)
    {
      g_byte_array_append (out, capture->buffer->data, capture->buffer->len);
      g_byte_array_set_size (capture->buffer, 0);
      return TRUE;
    }
  if (capture->broken)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE,
                   _("The PulseAudio source went away"));
      return FALSE;
    }
  return TRUE;
}

guint64
scd_pulse_capture_get_overruns (ScdPulseCapture *capture)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&capture->lock);

  return capture->overruns;
}

void
scd_pulse_capture_free (ScdPulseCapture *capture)
{
  if (capture == NULL)
    return;
  if (capture->mainloop != NULL)
    {
      pa_threaded_mainloop_lock (capture->mainloop);
      if (capture->stream != NULL)
        {
          pa_stream_set_state_callback (capture->stream, NULL, NULL);
          pa_stream_set_read_callback (capture->stream, NULL, NULL);
          pa_stream_set_overflow_callback (capture->stream, NULL, NULL);
          pa_stream_disconnect (capture->stream);
          pa_stream_unref (capture->stream);
        }
      if (capture->context != NULL)
        {
          pa_context_set_state_callback (capture->context, NULL, NULL);
          pa_context_disconnect (capture->context);
          pa_context_unref (capture->context);
        }
      pa_threaded_mainloop_unlock (capture->mainloop);
      pa_threaded_mainloop_stop (capture->mainloop);
      pa_threaded_mainloop_free (capture->mainloop);
    }
  g_byte_array_unref (capture->buffer);
  g_mutex_clear (&capture->lock);
  g_cond_clear (&capture->cond);
  g_free (capture);
}
