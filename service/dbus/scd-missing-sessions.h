/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Answers calls to a session path with no session behind it (closed, or
 * never made) with org.scened.Scened1.Error.NotFound.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SCD_SESSIONS_PATH "/org/scened/Scened1/session"

guint
scd_missing_sessions_register (GDBusConnection *connection, GHashTable *sessions, GError **error);

G_END_DECLS
