/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "scd-test-checks.h"
#include "scd-test-wait.h"

/* The States seen, and the Error the service gives (when it still runs). */
char *
scd_test_session_describe (ScdTestSession *session)
{
  g_autofree char *states = scd_test_session_describe_states (session);
  g_autofree char *error_text = NULL;

  if (!scd_test_service_is_running (session->service))
    return g_strdup_printf ("states %s; scened is not running", states);
  error_text = scd_test_session_get_string (session, "Error");
  return g_strdup_printf ("states %s; Error “%s”; %u chunks announced", states, error_text,
                          session->chunks->len);
}

void
scd_test_session_start_ok (ScdTestSession *session)
{
  g_autoptr (GError) error = NULL;

  if (!scd_test_session_start (session, &error))
    {
      g_autofree char *seen = scd_test_session_describe (session);

      g_error ("Start() on %s failed: %s (%s)", session->path, error->message, seen);
    }
}

/* Stop(), which must leave the session "stopped"; returns how long the call
 * took (µs), since how promptly Stop() answers is itself checked. */
gint64
scd_test_session_stop_ok (ScdTestSession *session)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *state = NULL;
  gint64 before = g_get_monotonic_time ();
  gint64 took;

  if (!scd_test_session_stop (session, &error))
    {
      g_autofree char *seen = scd_test_session_describe (session);

      g_error ("Stop() on %s failed: %s (%s)", session->path, error->message, seen);
    }
  took = g_get_monotonic_time () - before;
  g_test_message ("Stop() took %.3f s", (double) took / G_USEC_PER_SEC);
  state = scd_test_session_get_string (session, "State");
  if (g_strcmp0 (state, "stopped") != 0)
    {
      g_autofree char *seen = scd_test_session_describe (session);

      g_error ("State is “%s” after Stop(), not “stopped”: %s", state, seen);
    }
  scd_test_iterate_pending ();
  return took;
}

/* timeout_ms is scaled by scd_test_timeout_ms() here. */
void
scd_test_session_wait_frames_ok (ScdTestSession *session, guint n, guint timeout_ms)
{
  if (!scd_test_session_wait_frames (session, n, scd_test_timeout_ms (timeout_ms)))
    {
      g_autofree char *frames = scd_test_describe_frames (session->frames);
      g_autofree char *seen = scd_test_session_describe (session);

      g_error ("%u frames announced within %u ms, expected %u (%s): %s", session->frames->len,
               scd_test_timeout_ms (timeout_ms), n, frames, seen);
    }
}

/* For scd_test_wait_until(): the session (data) has ended, one way or
 * another, or there is no service left to end it. */
gboolean
scd_test_session_final (gpointer data)
{
  ScdTestSession *session = data;

  return scd_test_is_final_state (session->state)
         || !scd_test_service_is_running (session->service);
}
