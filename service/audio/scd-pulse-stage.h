/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Feeds an audio stage from a PulseAudio capture on the session clock:
 * in the pipeline's own thread for a "pulse:" session, or in a thread of
 * its own beside a video source ("audio-source" "pulse:NAME"), so audio
 * keeps coming while a live session waits for its next sender.
 */
#pragma once

#include <gio/gio.h>

#include "scd-audio-stage.h"
#include "scd-pulse-capture.h"

G_BEGIN_DECLS

typedef struct _ScdPulseStage ScdPulseStage;

/* Called from the thread that reads. */
typedef struct
{
  double (*chunk_seconds) (gpointer user_data);            /* the chunk length now in force */
  void (*overruns) (guint64 overruns, gpointer user_data); /* the count changed */
  void (*tick) (gpointer user_data);                       /* after each read; NULL for none */
} ScdPulseStageFuncs;

ScdPulseStage *scd_pulse_stage_new (ScdPulseCapture *capture,
                                    ScdAudioStage *stage,
                                    guint rate,
                                    guint channels,
                                    const ScdPulseStageFuncs *funcs,
                                    gpointer user_data);
void scd_pulse_stage_add_capture (ScdPulseStage *pulse, ScdPulseCapture *capture);
void scd_pulse_stage_free (ScdPulseStage *pulse);

gboolean scd_pulse_stage_run (ScdPulseStage *pulse, GCancellable *cancellable, GError **error);
void scd_pulse_stage_start (ScdPulseStage *pulse, GCancellable *cancellable);
gboolean scd_pulse_stage_stop (ScdPulseStage *pulse, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdPulseStage, scd_pulse_stage_free)

G_END_DECLS
