/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Keeps a signal that carries entries (NewFrames) to a few a second: what
 * comes faster goes out together.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ScdSignalPacer ScdSignalPacer;

/* @entries: one or more, in order (an aa{sv} GVariant, floating). */
typedef void (*ScdSignalPacerFunc) (GVariant *entries, gpointer user_data);

ScdSignalPacer *
scd_signal_pacer_new (guint interval_ms, ScdSignalPacerFunc func, gpointer user_data);
void scd_signal_pacer_free (ScdSignalPacer *pacer);
/* @entry: taken if floating, else referenced. */
void scd_signal_pacer_push (ScdSignalPacer *pacer, GVariant *entry);
void scd_signal_pacer_flush (ScdSignalPacer *pacer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdSignalPacer, scd_signal_pacer_free)

G_END_DECLS
