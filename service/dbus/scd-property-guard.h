/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Checks a value written to a read-write D-Bus property before the
 * generated skeleton takes it, so a bad one gets InvalidArgument.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean scd_property_guard_check (const char *property, GVariant *value, GError **error);
GDBusInterfaceVTable *scd_property_guard_vtable (const char *interface_name,
                                                 GDBusInterfaceVTable *parent);

G_END_DECLS
