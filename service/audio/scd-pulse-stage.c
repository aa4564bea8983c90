/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * PulseAudio delivers in fragments, a little late, and sends nothing at
 * all while some sources are idle (a null sink's monitor with nothing
 * playing). When a read comes back empty and the audio is behind the
 * session clock by more than a fragment's lateness, the gap is silence,
 * so the sample count keeps matching the clock.
 */
#include "config.h"

#include "scd-pulse-stage.h"

/* How far the audio may fall behind the session clock before the gap is
 * filled, and how close to the clock the filling goes. */
#define BEHIND_ALLOWED (250 * G_TIME_SPAN_MILLISECOND)
#define FILL_MARGIN (50 * G_TIME_SPAN_MILLISECOND)
#define READ_TIMEOUT (100 * G_TIME_SPAN_MILLISECOND)

struct _ScdPulseStage
{
  ScdPulseCapture *capture; /* owned */
  ScdAudioStage *stage;     /* borrowed */
  guint rate;
  guint channels;
  ScdPulseStageFuncs funcs;
  gpointer user_data;

  GThread *thread;
  GCancellable *cancellable;
  gint stop;     /* atomic */
  GError *error; /* the thread's, read after joining it */
};

ScdPulseStage *
scd_pulse_stage_new (ScdPulseCapture *capture,
                     ScdAudioStage *stage,
                     guint rate,
                     guint channels,
                     const ScdPulseStageFuncs *funcs,
                     gpointer user_data)
{
  ScdPulseStage *pulse = g_new0 (ScdPulseStage, 1);

  pulse->capture = capture;
  pulse->stage = stage;
  pulse->rate = rate;
  pulse->channels = channels;
  pulse->funcs = *funcs;
  pulse->user_data = user_data;
  return pulse;
}

void
scd_pulse_stage_free (ScdPulseStage *pulse)
{
  if (pulse == NULL)
    return;
  scd_pulse_stage_stop (pulse, NULL);
  scd_pulse_capture_free (pulse->capture);
  g_free (pulse);
}

/* When the first of @count samples that came in just now was captured:
 * a read returns what the server captured since the last, the newest
 * sample now, so the first is their length ago. */
static gint64
captured_since (ScdPulseStage *pulse, guint64 count)
{
  return g_get_real_time () - (gint64) (count * G_USEC_PER_SEC / pulse->rate);
}

static gboolean
fill_to_clock (ScdPulseStage *pulse,
               gint64 started,
               guint64 *captured,
               double chunk_seconds,
               GError **error)
{
  gint64 clock = (g_get_monotonic_time () - started) * pulse->rate / G_USEC_PER_SEC;
  gint64 behind = clock - (gint64) *captured;
  g_autofree gint16 *zeros = NULL;
  gint64 fill;

  if (behind <= BEHIND_ALLOWED * pulse->rate / G_USEC_PER_SEC)
    return TRUE;
  fill = behind - FILL_MARGIN * pulse->rate / G_USEC_PER_SEC;
  zeros = g_new0 (gint16, (gsize) fill * pulse->channels);
  *captured += (guint64) fill;
  g_debug ("PulseAudio sent nothing: %" G_GINT64_FORMAT " samples of silence fill the gap", fill);
  return scd_audio_stage_push_samples (pulse->stage, zeros, (gsize) fill,
                                       captured_since (pulse, (guint64) fill), chunk_seconds,
                                       error);
}

/* Reads into the audio stage until cancelled or stopped, then closes the
 * last chunk. */
gboolean
scd_pulse_stage_run (ScdPulseStage *pulse, GCancellable *cancellable, GError **error)
{
  g_autoptr (GByteArray) buffer = g_byte_array_new ();
  gsize frame_bytes = sizeof (gint16) * pulse->channels;
  gint64 started = g_get_monotonic_time ();
  guint64 overruns = 0, captured = 0;
  gboolean ok = TRUE;

  while (ok && !g_cancellable_is_cancelled (cancellable) && !g_atomic_int_get (&pulse->stop))
    {
      double chunk_seconds;
      guint64 now_overruns;

      g_byte_array_set_size (buffer, 0);
      ok = scd_pulse_capture_read (pulse->capture, buffer, READ_TIMEOUT, error);
      chunk_seconds = pulse->funcs.chunk_seconds (pulse->user_data);
      if (ok && buffer->len >= frame_bytes)
        {
          captured += buffer->len / frame_bytes;
          ok = scd_audio_stage_push_samples (
              pulse->stage, (const gint16 *) buffer->data, buffer->len / frame_bytes,
              captured_since (pulse, buffer->len / frame_bytes), chunk_seconds, error);
        }
      else if (ok)
        ok = fill_to_clock (pulse, started, &captured, chunk_seconds, error);

      now_overruns = scd_pulse_capture_get_overruns (pulse->capture);
      if (now_overruns != overruns)
        {
          overruns = now_overruns;
          g_debug ("PulseAudio overruns: %" G_GUINT64_FORMAT, overruns);
          pulse->funcs.overruns (overruns, pulse->user_data);
        }
      if (pulse->funcs.tick != NULL)
        pulse->funcs.tick (pulse->user_data);
    }

  return scd_audio_stage_finish (pulse->stage, ok ? error : NULL) && ok;
}

static gpointer
thread_func (gpointer user_data)
{
  ScdPulseStage *pulse = user_data;

  scd_pulse_stage_run (pulse, pulse->cancellable, &pulse->error);
  return NULL;
}

/* Runs in a thread of its own until scd_pulse_stage_stop() or @cancellable. */
void
scd_pulse_stage_start (ScdPulseStage *pulse, GCancellable *cancellable)
{
  g_return_if_fail (pulse->thread == NULL);
  pulse->cancellable = cancellable;
  pulse->thread = g_thread_new ("scened-pulse", thread_func, pulse);
}

/* Stops the thread, if any, once its last chunk is closed; its error. */
gboolean
scd_pulse_stage_stop (ScdPulseStage *pulse, GError **error)
{
  if (pulse->thread == NULL)
    return TRUE;
  g_atomic_int_set (&pulse->stop, TRUE);
  g_thread_join (g_steal_pointer (&pulse->thread));
  if (pulse->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&pulse->error));
      return FALSE;
    }
  return TRUE;
}
