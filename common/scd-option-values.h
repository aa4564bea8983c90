/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The values of the CreateSession options that name a choice: "hwaccel"
 * and "audio-source". Strings only on the bus and in session.json.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A PulseAudio source, as a session's source or its audio-source:
 * "pulse:NAME", or "pulse:" for the default one. */
#define SCD_PULSE_PREFIX "pulse:"

/* Two PulseAudio sources recorded side by side, as an audio-source:
 * "pulse:A+pulse:B", each optionally labelled ("pulse:A=me+pulse:B=call").
 * The separator is "+pulse:" as a whole, so a lone "pulse:NAME" is read
 * exactly as before, whatever NAME holds. */
#define SCD_PULSE_SEPARATOR "+" SCD_PULSE_PREFIX
#define SCD_PULSE_SOURCES_MAX 2
#define SCD_PULSE_LABEL_MAX 32

typedef enum
{
  SCD_HWACCEL_AUTO, /* NVDEC where it works, else software */
  SCD_HWACCEL_CUDA, /* NVDEC or an error */
  SCD_HWACCEL_NONE, /* software */
} ScdHwaccel;

typedef enum
{
  SCD_AUDIO_SOURCE_STREAM, /* the source's own audio */
  SCD_AUDIO_SOURCE_NONE,
  SCD_AUDIO_SOURCE_PULSE, /* "pulse:NAME", "pulse:" for the default source */
} ScdAudioSource;

const char *scd_hwaccel_to_string (ScdHwaccel hwaccel);
gboolean scd_hwaccel_from_string (const char *text, ScdHwaccel *hwaccel);

char *scd_audio_source_to_string (ScdAudioSource source, const char *pulse_name);
gboolean scd_audio_source_from_string (const char *text, ScdAudioSource *source, char **pulse_name);
guint scd_pulse_sources_split (const char *pulse_name, char **names, char **labels);

G_END_DECLS
