/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The gate of every remote call into a session's interfaces: who may
 * control the session (AccessDenied), and the values written to its
 * read-write properties (InvalidArgument), before the generated skeleton
 * takes them.
 */
#pragma once

#include <gio/gio.h>

#include "scd-session.h"

G_BEGIN_DECLS

gboolean scd_call_guard_check_value (const char *property, GVariant *value, GError **error);
GDBusInterfaceVTable *scd_call_guard_vtable (const char *interface_name,
                                             GDBusInterfaceVTable *parent);
/* Calls into @skeleton are checked against @session's control rule. */
void scd_call_guard_set_session (GDBusInterfaceSkeleton *skeleton, ScdSession *session);

G_END_DECLS
