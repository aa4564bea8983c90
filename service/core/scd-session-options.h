/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The options of Manager.CreateSession: parsed, type-checked and
 * range-checked in one place, with no D-Bus object involved.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SCD_DEFAULT_SCENE_THRESHOLD 4.0
#define SCD_DEFAULT_MIN_SCENE_LENGTH 0.5
#define SCD_DEFAULT_MAX_FRAME_INTERVAL 0.0
#define SCD_DEFAULT_AUDIO_CHUNK_SECONDS 30.0
#define SCD_DEFAULT_AUDIO_SAMPLE_RATE 16000
#define SCD_DEFAULT_AUDIO_CHANNELS 1

typedef enum
{
  SCD_SOURCE_KIND_FILE,
  SCD_SOURCE_KIND_URL,
  SCD_SOURCE_KIND_PULSE,
} ScdSourceKind;

typedef struct
{
  char *source;
  ScdSourceKind source_kind;
  char *name;
  char *audio_source; /* "stream", "none" or "pulse:NAME" */
  gboolean record;
  gboolean realtime;
  gboolean exit_with_caller; /* stopped and closed when its creator leaves the bus */
  char *hwaccel;             /* "auto", "cuda" or "none" */
  double scene_threshold;
  double min_scene_length;
  double max_frame_interval;
  double audio_chunk_seconds;
  guint audio_sample_rate;
  guint audio_channels;
} ScdSessionOptions;

ScdSessionOptions *scd_session_options_parse (GVariant *options, GError **error);
void scd_session_options_free (ScdSessionOptions *options);

gboolean scd_session_options_check_threshold (double value, GError **error);
gboolean scd_session_options_check_seconds (const char *what, double value, GError **error);
gboolean scd_session_options_check_chunk_seconds (double value, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdSessionOptions, scd_session_options_free)

G_END_DECLS
