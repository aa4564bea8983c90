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
      const char *rest = text + strlen (SCD_PULSE_PREFIX);

      if (scd_pulse_sources_split (rest, NULL, NULL) == 0)
        return FALSE;
      *source = SCD_AUDIO_SOURCE_PULSE;
      *pulse_name = g_strdup (rest);
    }
  else
    return FALSE;
  return TRUE;
}

static gboolean
is_label (const char *label)
{
  gsize length = strlen (label);

  if (length == 0 || length > SCD_PULSE_LABEL_MAX)
    return FALSE;
  for (const char *c = label; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_' && *c != '-')
      return FALSE;
  return TRUE;
}

/* What follows "pulse:" in an audio-source: one source (its name, "" for
 * the default, no label: read as it always was), or two separated by
 * "+pulse:", each with an optional "=LABEL" ([A-Za-z0-9_-], at most 32).
 * Labels are short and plain because a transcriber shows them as the
 * speaker's name. @names and @labels, when not NULL, hold
 * SCD_PULSE_SOURCES_MAX places and get newly allocated strings (a label
 * NULL where none was given). Returns how many sources, 0 when @pulse_name
 * is not valid (three or more, a bad label, two with the same name). */
guint
scd_pulse_sources_split (const char *pulse_name, char **names, char **labels)
{
  g_auto (GStrv) parts = g_strsplit (pulse_name, SCD_PULSE_SEPARATOR, -1);
  char *split_names[SCD_PULSE_SOURCES_MAX] = { NULL };
  char *split_labels[SCD_PULSE_SOURCES_MAX] = { NULL };
  guint n = g_strv_length (parts);
  gboolean ok = TRUE;

  if (n <= 1) /* g_strsplit() makes nothing of "" */
    {
      if (names != NULL)
        {
          names[0] = g_strdup (pulse_name);
          labels[0] = NULL;
        }
      return 1;
    }
  if (n > SCD_PULSE_SOURCES_MAX)
    return 0;
  for (guint i = 0; i < n; i++)
    {
      char *equals = strrchr (parts[i], '=');

      if (equals != NULL)
        {
          ok = ok && is_label (equals + 1);
          split_labels[i] = g_strdup (equals + 1);
          *equals = '\0';
        }
      split_names[i] = g_strdup (parts[i]);
    }
  /* The same source twice would only record it twice; and two equal
   * labels would leave a transcriber unable to tell the speakers apart. */
  ok = ok && g_strcmp0 (split_names[0], split_names[1]) != 0;
  ok = ok && (split_labels[0] == NULL || g_strcmp0 (split_labels[0], split_labels[1]) != 0);
  for (guint i = 0; i < n; i++)
    {
      if (ok && names != NULL)
        {
          names[i] = split_names[i];
          labels[i] = split_labels[i];
        }
      else
        {
          g_free (split_names[i]);
          g_free (split_labels[i]);
        }
    }
  return ok ? n : 0;
}
