/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "scd-frame-entry.h"
#include "scd-session-layout.h"

static const ScdIndexField fields[] = {
  { "id", "s", TRUE },
  { "index", "u", TRUE },
  { "timestamp", "d", TRUE },
  { "path", "s", TRUE },
  { "score", "d", TRUE },
  { "reason", "s", TRUE },
  { "width", "u", TRUE },
  { "height", "u", TRUE },
  /* Added later: older index files have none, and load without. */
  { "wallclock", "x", TRUE },
  { "duplicate-of", "s", TRUE },
  { "settles", "s", TRUE },
  { "signature", "s", TRUE, TRUE },
};

const ScdIndexSchema scd_frame_entry_schema = { fields, G_N_ELEMENTS (fields) };

/* A floating a{sv}. */
GVariant *
scd_frame_entry_to_variant (const ScdFrameEntry *entry)
{
  g_autofree char *id = scd_session_layout_frame_id (entry->index);
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "id", "s", id);
  g_variant_dict_insert (&dict, "index", "u", entry->index);
  g_variant_dict_insert (&dict, "timestamp", "d", entry->timestamp);
  g_variant_dict_insert (&dict, "path", "s", entry->path);
  g_variant_dict_insert (&dict, "score", "d", entry->score);
  g_variant_dict_insert (&dict, "reason", "s", entry->reason);
  g_variant_dict_insert (&dict, "width", "u", entry->width);
  g_variant_dict_insert (&dict, "height", "u", entry->height);
  if (entry->wallclock != 0)
    g_variant_dict_insert (&dict, "wallclock", "x", entry->wallclock);
  if (entry->duplicate_of != NULL)
    g_variant_dict_insert (&dict, "duplicate-of", "s", entry->duplicate_of);
  if (entry->settles != NULL)
    g_variant_dict_insert (&dict, "settles", "s", entry->settles);
  if (entry->signature != NULL)
    g_variant_dict_insert (&dict, "signature", "s", entry->signature);
  return g_variant_dict_end (&dict);
}
