/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * PulseAudio delivers in fragments, a little late, and sends nothing at
 * all while some sources are idle (a null sink's monitor with nothing
 * playing). When a read comes back empty and the audio is behind the
 * session clock by more than a fragment's lateness, the gap is silence,
 * so the sample count keeps matching the clock.
 *
 * Two sources (add_capture) are read side by side, each into its own
 * pending buffer, and go to the audio stage in equal counts, interleaved
 * into wide samples, so both streams stay on one clock. Silence goes into
 * one side only, and only where that side really sent nothing: a side is
 * idle once it has sent nothing for SIDE_IDLE (a monitor with nothing
 * playing), and is then filled up to the other side where that one is
 * sending, or to the session clock where both are idle. A side that is
 * merely late (PulseAudio's fragments arrive a few hundred milliseconds
 * behind the clock, more on a loaded machine) is waited for, never
 * filled: filling it would put holes in its sound. A side behind the
 * other by more than SIDE_IDLE while both send (PulseAudio dropped its
 * audio in an overrun) gets silence up to the other; one ahead of the
 * clock by as much (its sound card's crystal is a little fast) loses its
 * oldest pending samples, so neither side's speech drifts from the other.
 */
#include "config.h"

#include <string.h>

#include "scd-pulse-stage.h"

/* How far the audio may fall behind the session clock before the gap is
 * filled, and how close to the clock the filling goes. */
#define BEHIND_ALLOWED (250 * G_TIME_SPAN_MILLISECOND)
#define FILL_MARGIN (50 * G_TIME_SPAN_MILLISECOND)
#define READ_TIMEOUT (100 * G_TIME_SPAN_MILLISECOND)
/* Two sources: how long a side may send nothing before it counts as idle,
 * and how far apart the sides (or one and the clock) may drift. A second:
 * well past PulseAudio's lateness even under a sanitizer, and what a
 * two-source session's chunks may wait for an idle side. */
#define SIDE_IDLE G_TIME_SPAN_SECOND

struct _ScdPulseStage
{
  ScdPulseCapture *capture; /* owned */
  ScdPulseCapture *second;  /* owned; NULL with one source */
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

/* A second source, read beside the first (before it runs); the audio
 * stage takes wide samples (scd_audio_stage_set_sources()). */
void
scd_pulse_stage_add_capture (ScdPulseStage *pulse, ScdPulseCapture *capture)
{
  g_return_if_fail (pulse->second == NULL && pulse->thread == NULL);
  pulse->second = capture;
}

void
scd_pulse_stage_free (ScdPulseStage *pulse)
{
  if (pulse == NULL)
    return;
  scd_pulse_stage_stop (pulse, NULL);
  scd_pulse_capture_free (pulse->capture);
  scd_pulse_capture_free (pulse->second);
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

/* One of two sources: what was read and not pushed yet, and how many
 * samples it has pushed (silence included). */
typedef struct
{
  ScdPulseCapture *capture;
  GByteArray *pending;
  guint64 pushed;
  guint64 overruns;
  gint64 heard_us; /* when it last sent something (monotonic) */
} Side;

static gint64
side_have (ScdPulseStage *pulse, Side *side)
{
  return (gint64) (side->pushed + side->pending->len / (sizeof (gint16) * pulse->channels));
}

/* Silence appended to @side's pending samples up to sample @to. */
static void
fill_side (ScdPulseStage *pulse, Side *side, guint number, gint64 to, const char *why)
{
  gsize frame_bytes = sizeof (gint16) * pulse->channels;
  gint64 fill = to - side_have (pulse, side);
  guint old = side->pending->len;

  if (fill <= 0)
    return;
  g_debug ("PulseAudio source %u %s: %" G_GINT64_FORMAT " samples of silence", number, why, fill);
  g_byte_array_set_size (side->pending, old + (guint) ((gsize) fill * frame_bytes));
  memset (side->pending->data + old, 0, (gsize) fill * frame_bytes);
}

/* Keeps the two sides together and on the session clock (@clock, in
 * samples, at monotonic time @now), as the comment at the top says. */
static void
keep_together (ScdPulseStage *pulse, Side sides[2], gint64 clock, gint64 now)
{
  gsize frame_bytes = sizeof (gint16) * pulse->channels;
  gint64 drift = SIDE_IDLE * pulse->rate / G_USEC_PER_SEC;
  gint64 margin = FILL_MARGIN * pulse->rate / G_USEC_PER_SEC;
  gboolean idle[2];

  for (guint i = 0; i < 2; i++)
    idle[i] = now - sides[i].heard_us > SIDE_IDLE;
  for (guint i = 0; i < 2; i++)
    {
      Side *side = &sides[i], *other = &sides[1 - i];

      if (idle[i] && idle[1 - i])
        fill_side (pulse, side, i + 1, clock - margin, "and the other are idle");
      else if (idle[i])
        fill_side (pulse, side, i + 1, side_have (pulse, other), "is idle");
      else if (!idle[1 - i] && side_have (pulse, other) - side_have (pulse, side) > drift)
        fill_side (pulse, side, i + 1, side_have (pulse, other), "lost audio");
      if (side_have (pulse, side) > clock + drift)
        {
          gsize drop = (gsize) MIN (side_have (pulse, side) - clock - drift,
                                    (gint64) (side->pending->len / frame_bytes));

          g_debug ("PulseAudio source %u is ahead: %" G_GSIZE_FORMAT " samples dropped", i + 1,
                   drop);
          g_byte_array_remove_range (side->pending, 0, (guint) (drop * frame_bytes));
        }
    }
}

/* Both sources pushed in equal counts, interleaved. */
static gboolean
run_two (ScdPulseStage *pulse, GCancellable *cancellable, GError **error)
{
  gsize frame_bytes = sizeof (gint16) * pulse->channels;
  gint64 started = g_get_monotonic_time ();
  g_autoptr (GByteArray) pending0 = g_byte_array_new ();
  g_autoptr (GByteArray) pending1 = g_byte_array_new ();
  Side sides[2] = { { pulse->capture, pending0, 0, 0, started },
                    { pulse->second, pending1, 0, 0, started } };
  guint64 overruns = 0;
  gboolean ok = TRUE;

  while (ok && !g_cancellable_is_cancelled (cancellable) && !g_atomic_int_get (&pulse->stop))
    {
      double chunk_seconds;
      gint64 clock;
      gsize count;

      guint before[2] = { sides[0].pending->len, sides[1].pending->len };
      gint64 now;

      /* The first source's read waits; the second takes what is there. */
      ok = scd_pulse_capture_read (sides[0].capture, sides[0].pending, READ_TIMEOUT, error)
           && scd_pulse_capture_read (sides[1].capture, sides[1].pending, 0, error);
      if (!ok)
        break;
      chunk_seconds = pulse->funcs.chunk_seconds (pulse->user_data);
      now = g_get_monotonic_time ();
      for (guint i = 0; i < 2; i++)
        if (sides[i].pending->len > before[i])
          sides[i].heard_us = now;
      clock = (now - started) * pulse->rate / G_USEC_PER_SEC;
      keep_together (pulse, sides, clock, now);

      count = MIN (sides[0].pending->len, sides[1].pending->len) / frame_bytes;
      if (count > 0)
        {
          g_autofree gint16 *wide = g_new (gint16, count * 2 * pulse->channels);

          for (gsize n = 0; n < count; n++)
            for (guint i = 0; i < 2; i++)
              memcpy (wide + (n * 2 + i) * pulse->channels,
                      sides[i].pending->data + n * frame_bytes, frame_bytes);
          for (guint i = 0; i < 2; i++)
            {
              g_byte_array_remove_range (sides[i].pending, 0, (guint) (count * frame_bytes));
              sides[i].pushed += count;
            }
          ok = scd_audio_stage_push_samples (pulse->stage, wide, count,
                                             captured_since (pulse, count), chunk_seconds, error);
        }

      {
        guint64 now_overruns = scd_pulse_capture_get_overruns (sides[0].capture)
                               + scd_pulse_capture_get_overruns (sides[1].capture);

        if (now_overruns != overruns)
          {
            overruns = now_overruns;
            g_debug ("PulseAudio overruns, both sources: %" G_GUINT64_FORMAT, overruns);
            pulse->funcs.overruns (overruns, pulse->user_data);
          }
      }
      if (pulse->funcs.tick != NULL)
        pulse->funcs.tick (pulse->user_data);
    }

  return scd_audio_stage_finish (pulse->stage, ok ? error : NULL) && ok;
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

  if (pulse->second != NULL)
    return run_two (pulse, cancellable, error);
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
