/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "scd-enum-names.h"
#include "scd-option-values.h"

#include <string.h>

static const char *const hwaccels[] = {
  [SCD_HWACCEL_AUTO] = "auto",
  [SCD_HWACCEL_CUDA] = "cuda",
  [SCD_HWACCEL_NONE] = "none",
};

const char *
scd_hwaccel_to_string (ScdHwaccel hwaccel)
{
  g_return_val_if_fail ((guint) hwaccel < G_N_ELEMENTS (hwaccels), "auto");
  return hwaccels[hwaccel];
}

gboolean
scd_hwaccel_from_string (const char *text, ScdHwaccel *hwaccel)
{
  guint value;

  if (!scd_enum_from_name (hwaccels, G_N_ELEMENTS (hwaccels), text, &value))
    return FALSE;
  *hwaccel = (ScdHwaccel) value;
  return TRUE;
}

char *
scd_audio_source_to_string (ScdAudioSource source, const char *pulse_name)
{
  switch (source)
    {
    case SCD_AUDIO_SOURCE_STREAM:
      return g_strdup ("stream");
    case SCD_AUDIO_SOURCE_NONE:
      return g_strdup ("none");
    case SCD_AUDIO_SOURCE_PULSE:
      return g_strconcat (SCD_PULSE_PREFIX, pulse_name != NULL ? pulse_name : "", NULL);
    default:
      g_return_val_if_reached (g_strdup ("stream"));
    }
}

/* @pulse_name: set to the PulseAudio source's name ("" for the default)
 * for "pulse:NAME", to NULL otherwise. */
gboolean
scd_audio_source_from_string (const char *text, ScdAudioSource *source, char **pulse_name)
{
  *pulse_name = NULL;
  if (g_strcmp0 (text, "stream") == 0)
    *source = SCD_AUDIO_SOURCE_STREAM;
  else if (g_strcmp0 (text, "none") == 0)
    *source = SCD_AUDIO_SOURCE_NONE;
  else if (text != NULL && g_str_has_prefix (text, SCD_PULSE_PREFIX))
    {
      *source = SCD_AUDIO_SOURCE_PULSE;
      *pulse_name = g_strdup (text + strlen (SCD_PULSE_PREFIX));
    }
  else
    return FALSE;
  return TRUE;
}
