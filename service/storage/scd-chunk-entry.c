/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "scd-chunk-entry.h"

static const ScdIndexField fields[] = {
  { "index", "u", TRUE },
  { "path", "s", TRUE },
  { "start", "d", TRUE },
  { "duration", "d", TRUE },
  { "samples", "t", TRUE },
  { "sample-rate", "u", FALSE },
  { "channels", "u", FALSE },
  { "gap", "d", TRUE },
  { "peaks", "ay", FALSE },
  /* Added later: older index files have none of these, and load without. */
  { "speech", "d", TRUE },
  { "silent", "b", TRUE },
  { "level-peak", "d", TRUE },
  { "level-mean", "d", TRUE },
  { "boundary", "s", TRUE },
  { "wallclock", "x", TRUE },
  { "source", "s", TRUE },
};

const ScdIndexSchema scd_chunk_entry_schema = { fields, G_N_ELEMENTS (fields) };

/* A floating a{sv}. */
GVariant *
scd_chunk_entry_to_variant (const ScdChunkEntry *entry)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "index", "u", entry->index);
  g_variant_dict_insert (&dict, "path", "s", entry->path);
  g_variant_dict_insert (&dict, "start", "d", entry->start);
  g_variant_dict_insert (&dict, "duration", "d", entry->duration);
  g_variant_dict_insert (&dict, "samples", "t", entry->samples);
  g_variant_dict_insert (&dict, "sample-rate", "u", entry->sample_rate);
  g_variant_dict_insert (&dict, "channels", "u", entry->channels);
  if (entry->wallclock != 0)
    g_variant_dict_insert (&dict, "wallclock", "x", entry->wallclock);
  if (entry->source != NULL)
    g_variant_dict_insert (&dict, "source", "s", entry->source);
  if (entry->gap > 0.0)
    g_variant_dict_insert (&dict, "gap", "d", entry->gap);
  if (entry->peaks != NULL)
    g_variant_dict_insert_value (
        &dict, "peaks", g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, entry->peaks, TRUE));
  if (entry->boundary != NULL)
    {
      g_variant_dict_insert (&dict, "speech", "d", entry->speech);
      g_variant_dict_insert (&dict, "silent", "b", entry->silent);
      g_variant_dict_insert (&dict, "level-peak", "d", entry->level_peak);
      g_variant_dict_insert (&dict, "level-mean", "d", entry->level_mean);
      g_variant_dict_insert (&dict, "boundary", "s", entry->boundary);
    }
  return g_variant_dict_end (&dict);
}
