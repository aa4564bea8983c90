/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A media session: the org.scened.Scened1.Session object and its
 * SceneDetector and AudioExtractor interfaces.
 */
#pragma once

#include "scd-dbus.h"
#include "scd-session-options.h"

G_BEGIN_DECLS

#define SCD_TYPE_SESSION (scd_session_get_type ())
G_DECLARE_FINAL_TYPE (ScdSession, scd_session, SCD, SESSION, ScdDbusSessionSkeleton)

void scd_session_create_async (ScdSessionOptions *options,
                               const char *data_dir,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
ScdSession *scd_session_create_finish (GAsyncResult *result, GError **error);

/* Reopens the session in @directory; unless it is one of @busy_dirs (the
 * sessions on the bus), what an interrupted run left half-written goes. */
void scd_session_open_async (const char *data_dir,
                             const char *directory,
                             const char *const *busy_dirs,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
ScdSession *scd_session_open_finish (GAsyncResult *result, GError **error);

/* Whether the session may start now; an error (InvalidState) if not. */
typedef gboolean (*ScdSessionStartCheck) (gpointer user_data, GError **error);

const char *scd_session_get_object_path (ScdSession *session);
void scd_session_set_owner (ScdSession *session,
                            GDBusConnection *connection,
                            const char *owner,
                            gboolean shared);
/* AccessDenied unless @sender may control the session: its owner, or any
 * client once the owner has left the bus or when the session is shared. */
gboolean scd_session_check_control (ScdSession *session, const char *sender, GError **error);
void
scd_session_set_start_check (ScdSession *session, ScdSessionStartCheck check, gpointer user_data);
/* Created, not started yet (and made by @owner, unless NULL). */
gboolean scd_session_is_waiting_to_start (ScdSession *session, const char *owner);
gboolean scd_session_has_ended (ScdSession *session);
GDBusObjectSkeleton *scd_session_new_object (ScdSession *session);

void scd_session_stop_async (ScdSession *session, GAsyncReadyCallback callback, gpointer user_data);
gboolean scd_session_stop_finish (ScdSession *session, GAsyncResult *result, GError **error);
void scd_session_close (ScdSession *session);

G_END_DECLS
