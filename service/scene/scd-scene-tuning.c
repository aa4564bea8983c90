/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each entry says what the constant is for; the modules named in
 * scd-scene-tuning.h use it, and their comments say how. A file of
 * assignments (scd_tune_load_file()) holds one NAME=VALUE a line, with
 * blank lines and # comments.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "scd-error.h"
#include "scd-scene-tuning.h"

#define ENTRY(id, name, value, min, max, why) [SCD_TUNE_##id] = { name, value, min, max, why },
#define VALUE(id, name, value, min, max, why) [SCD_TUNE_##id] = value,

static const ScdTuneEntry tunables[SCD_TUNE_N] = { SCD_TUNABLES (ENTRY) };
double scd_tune_values[SCD_TUNE_N] = { SCD_TUNABLES (VALUE) };

#undef ENTRY
#undef VALUE

#define F(name, value, why)                                                                        \
  {                                                                                                \
    name, value, value, value, why                                                                 \
  }

static const ScdTuneEntry fixed[] = {
  F ("image-width", SCD_SCENE_IMAGE_WIDTH, "width of the small image every measure works on"),
  F ("history", SCD_SCENE_HISTORY, "frames whose changes make the usual change"),
  F ("cut-max-wait", SCD_CUT_MAX_WAIT, "frames a cut may wait to be confirmed: a 3-frame flash"),
  F ("grid", SCD_SCENE_GRID, "samples across and down averaged into each small pixel"),
  F ("ring-size", SCD_SCENE_RING_SIZE, "frames a transition is followed: 2 s at 60 fps"),
  F ("strips", SCD_SCENE_STRIPS, "parts of a row profile: text lines differ part by part"),
  F ("strip-samples", SCD_SCENE_STRIP_SAMPLES, "samples in each part"),
  F ("block-columns",
     SCD_SCENE_BLOCK_COLUMNS,
     "grid columns taken together to find a scrolled page"),
};

#undef F

const ScdTuneEntry *
scd_tune_table (gsize *n_entries)
{
  if (n_entries != NULL)
    *n_entries = SCD_TUNE_N;
  return tunables;
}

void
scd_tune_reset (void)
{
  for (guint i = 0; i < SCD_TUNE_N; i++)
    scd_tune_values[i] = tunables[i].value;
}

gboolean
scd_tune_set (const char *name, double value, GError **error)
{
  for (guint i = 0; i < SCD_TUNE_N; i++)
    {
      const ScdTuneEntry *entry = &tunables[i];

      if (!g_str_equal (entry->name, name))
        continue;
      if (!isfinite (value) || value < entry->min || value > entry->max)
        {
          g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                       "%s must be between %g and %g, not %g", name, entry->min, entry->max, value);
          return FALSE;
        }
      scd_tune_values[i] = value;
      return TRUE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (fixed); i++)
    if (g_str_equal (fixed[i].name, name))
      {
        g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, "%s is fixed at build time (%g)",
                     name, fixed[i].value);
        return FALSE;
      }
  g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, "No tuning constant “%s”", name);
  return FALSE;
}

/* "NAME=VALUE". */
gboolean
scd_tune_parse (const char *assignment, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (assignment, "=", 2);
  g_autofree char *name = NULL;
  char *end = NULL;
  double value;

  if (g_strv_length (parts) != 2)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, "“%s” is not NAME=VALUE",
                   assignment);
      return FALSE;
    }
  name = g_strstrip (g_strdup (parts[0]));
  value = g_ascii_strtod (g_strstrip (parts[1]), &end);
  if (end == parts[1] || *end != '\0')
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, "“%s” is not a number", parts[1]);
      return FALSE;
    }
  return scd_tune_set (name, value, error);
}

gboolean
scd_tune_load_file (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;
      if (!scd_tune_parse (line, error))
        {
          g_prefix_error (error, "%s:%u: ", path, i + 1);
          return FALSE;
        }
    }
  return TRUE;
}

/* The table, one line per constant: name, value in force (and the default
 * when it differs), range, why. */
char *
scd_tune_describe (void)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < SCD_TUNE_N; i++)
    {
      const ScdTuneEntry *entry = &tunables[i];

      g_string_append_printf (out, "%-28s %8g", entry->name, scd_tune_values[i]);
      if (scd_tune_values[i] != entry->value)
        g_string_append_printf (out, " (default %g)", entry->value);
      g_string_append_printf (out, "  [%g, %g]  %s\n", entry->min, entry->max, entry->why);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_string_append_printf (out, "%-28s %8g  fixed  %s\n", fixed[i].name, fixed[i].value,
                            fixed[i].why);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
