/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "scd-scene-tuning-options.h"
#include "scd-scene-tuning.h"

/* A "developer" group (--help-developer): not for everyday use. */
GOptionGroup *
scd_tune_options_group (ScdTuneOptions *options)
{
  const GOptionEntry entries[] = {
    { "tune", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->tune,
      "Set a scene detector constant (service/scene/scd-scene-tuning.h)", "NAME=VALUE" },
    { "tune-file", 0, 0, G_OPTION_ARG_FILENAME, &options->file,
      "Set the constants of a file of NAME=VALUE lines", "FILE" },
    { "tune-list", 0, 0, G_OPTION_ARG_NONE, &options->list,
      "List the scene detector constants and exit", NULL },
    { NULL },
  };
  GOptionGroup *group = g_option_group_new ("developer", "Developer options",
                                            "Show developer options", NULL, NULL);

  g_option_group_add_entries (group, entries);
  return group;
}

/* The file first, then each --tune in order. */
gboolean
scd_tune_options_apply (const ScdTuneOptions *options, GError **error)
{
  if (options->file != NULL && !scd_tune_load_file (options->file, error))
    return FALSE;
  for (guint i = 0; options->tune != NULL && options->tune[i] != NULL; i++)
    if (!scd_tune_parse (options->tune[i], error))
      {
        g_prefix_error (error, "--tune: ");
        return FALSE;
      }
  return TRUE;
}

gboolean
scd_tune_options_changed (const ScdTuneOptions *options)
{
  return options->file != NULL || (options->tune != NULL && options->tune[0] != NULL);
}

void
scd_tune_options_clear (ScdTuneOptions *options)
{
  g_clear_pointer (&options->tune, g_strfreev);
  g_clear_pointer (&options->file, g_free);
}
