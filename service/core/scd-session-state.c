/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The names a session's states have on the bus and on disk.
 */
#include "scd-enum-names.h"
#include "scd-session-state.h"

static const char *const names[] = {
  [SCD_SESSION_STATE_CREATED] = "created",   [SCD_SESSION_STATE_STARTING] = "starting",
  [SCD_SESSION_STATE_RUNNING] = "running",   [SCD_SESSION_STATE_RECONNECTING] = "reconnecting",
  [SCD_SESSION_STATE_STOPPING] = "stopping", [SCD_SESSION_STATE_STOPPED] = "stopped",
  [SCD_SESSION_STATE_FAILED] = "failed",
};

const char *
scd_session_state_to_string (ScdSessionState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (names), "failed");
  return names[state];
}

gboolean
scd_session_state_from_string (const char *text, ScdSessionState *state)
{
  guint value;

  if (!scd_enum_from_name (names, G_N_ELEMENTS (names), text, &value))
    return FALSE;
  *state = (ScdSessionState) value;
  return TRUE;
}

/* Stopped or failed: nothing more happens to the session. */
gboolean
scd_session_state_is_final (ScdSessionState state)
{
  return state == SCD_SESSION_STATE_STOPPED || state == SCD_SESSION_STATE_FAILED;
}
