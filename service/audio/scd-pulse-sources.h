/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The PulseAudio sources a session can record from.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GVariant *scd_pulse_list_sources (GError **error);

G_END_DECLS
