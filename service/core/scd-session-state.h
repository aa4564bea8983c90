/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session's state (Session.State in org.scened.Scened1.Session.xml).
 * Strings only at the D-Bus edge and in session.json.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SCD_SESSION_STATE_CREATED,
  SCD_SESSION_STATE_STARTING,
  SCD_SESSION_STATE_RUNNING,
  SCD_SESSION_STATE_RECONNECTING, /* a live source went away; waiting or retrying */
  SCD_SESSION_STATE_STOPPING,
  SCD_SESSION_STATE_STOPPED,
  SCD_SESSION_STATE_FAILED,
} ScdSessionState;

const char *scd_session_state_to_string (ScdSessionState state);
gboolean scd_session_state_from_string (const char *text, ScdSessionState *state);
gboolean scd_session_state_is_final (ScdSessionState state);

G_END_DECLS
