/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The org.scened.Scened1.Manager object and the object manager that
 * publishes the sessions.
 */
#pragma once

#include "scd-dbus.h"

G_BEGIN_DECLS

#define SCD_TYPE_MANAGER (scd_manager_get_type ())
G_DECLARE_FINAL_TYPE (ScdManager, scd_manager, SCD, MANAGER, ScdDbusManagerSkeleton)

/* Sessions created and not yet stopped or failed, at most, unless told
 * otherwise (scened --max-sessions). */
#define SCD_MANAGER_DEFAULT_MAX_SESSIONS 16

ScdManager *scd_manager_new (const char *data_dir, guint max_sessions);
void scd_manager_set_hardware_decoders (ScdManager *manager, const char *const *decoders);
gboolean scd_manager_export (ScdManager *manager, GDBusConnection *connection, GError **error);
void
scd_manager_shutdown_async (ScdManager *manager, GAsyncReadyCallback callback, gpointer user_data);
void scd_manager_shutdown_finish (ScdManager *manager, GAsyncResult *result);

G_END_DECLS
