/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The options of Manager.CreateSession: parsed, type-checked and
 * range-checked in one place (their names, types, defaults and ranges are
 * in common/scd-option-table.c), with no D-Bus object involved.
 */
#pragma once

#include <glib.h>

#include "scd-option-values.h"
#include "scd-regions.h"
#include "scd-source-kind.h"

G_BEGIN_DECLS

typedef struct
{
  char *source;
  ScdSourceKind source_kind;
  char *name;
  ScdAudioSource audio_source;
  char *audio_pulse_name; /* SCD_AUDIO_SOURCE_PULSE: the source, "" for the default */
  gboolean record;
  gboolean realtime;
  gboolean exit_with_caller; /* stopped and closed when its creator leaves the bus */
  gboolean listen_public;    /* a listener may listen on every network interface */
  gboolean shared;           /* any client may control it, not only its creator */
  ScdHwaccel hwaccel;
  double scene_threshold;
  double min_scene_length;
  double max_frame_interval;
  ScdRegions regions;    /* exclude-regions, watch-region */
  double settle_seconds; /* 0: off */
  double audio_chunk_seconds;
  double audio_chunk_min; /* 0: 2/3 of audio_chunk_seconds */
  double audio_chunk_max; /* 0: audio_chunk_seconds */
  guint audio_sample_rate;
  guint audio_channels;
  double connect_timeout; /* seconds without a connection a client URL is retried; 0: for ever */
  double sender_timeout; /* seconds a live source may send nothing before it is dropped; 0: never */
} ScdSessionOptions;

ScdSessionOptions *scd_session_options_new (void);
ScdSessionOptions *scd_session_options_parse (GVariant *options, GError **error);
ScdSessionOptions *scd_session_options_copy (const ScdSessionOptions *options);
void scd_session_options_free (ScdSessionOptions *options);

const char *scd_session_options_pulse_source (const ScdSessionOptions *options);
char *scd_session_options_audio_source (const ScdSessionOptions *options);

gboolean scd_session_options_check (const char *key, double value, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdSessionOptions, scd_session_options_free)

G_END_DECLS
