/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Records from a PulseAudio source (a microphone, or a sink's monitor)
 * with libpulse, in libpulse's own thread.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _ScdPulseCapture ScdPulseCapture;

ScdPulseCapture *
scd_pulse_capture_start (const char *source, guint rate, guint channels, GError **error);
gboolean scd_pulse_capture_read (ScdPulseCapture *capture,
                                 GByteArray *out,
                                 gint64 timeout_us,
                                 GError **error);
guint64 scd_pulse_capture_get_overruns (ScdPulseCapture *capture);
void scd_pulse_capture_free (ScdPulseCapture *capture);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdPulseCapture, scd_pulse_capture_free)

G_END_DECLS
