/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An enum's names on the bus and on disk, as a table indexed by its values
 * (hwaccel, the session states...): the value of a name.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean
scd_enum_from_name (const char *const *names, guint n_names, const char *text, guint *value);

G_END_DECLS
