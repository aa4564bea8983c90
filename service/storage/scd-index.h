/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An index of entries (frames or audio chunks): appended by the worker
 * thread, listed by the main context, saved as a JSON array, one entry a
 * line.
 *
 * A save rewrites the file (atomically), so its cost grows with the
 * index; each entry is serialised once, and a writer that appends faster
 * than it should save asks scd_index_save_due() first and holds the
 * entries back (unannounced) until it says yes: saving then takes at most
 * about 1/SCD_INDEX_SAVE_SHARE of the time, however long the index.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ScdIndex ScdIndex;

/* One key of an entry: its GVariant type, whether index.json keeps it
 * (a chunk's peaks, for instance, go out in the signal only), and whether
 * only index.json does (a frame's signature: neither the signal nor a
 * List call carries it). */
typedef struct
{
  const char *key;
  const char *type;
  gboolean saved;
  gboolean file_only;
} ScdIndexField;

typedef struct
{
  const ScdIndexField *fields;
  gsize n_fields;
} ScdIndexSchema;

ScdIndex *scd_index_new (const char *path, const ScdIndexSchema *schema);
ScdIndex *scd_index_ref (ScdIndex *index);
void scd_index_unref (ScdIndex *index);

guint scd_index_append (ScdIndex *index, GVariant *entry);
guint scd_index_get_count (ScdIndex *index);
GVariant *scd_index_slice (ScdIndex *index, guint first, guint count);
/* @entry as announced and listed: without its file_only keys. */
GVariant *scd_index_schema_announced (const ScdIndexSchema *schema, GVariant *entry);
gboolean scd_index_save (ScdIndex *index, GError **error);

#define SCD_INDEX_SAVE_SHARE 10
/* Microseconds until a save is due: until SCD_INDEX_SAVE_SHARE times the
 * last save's duration has passed since it ended; 0 when due now. */
gint64 scd_index_until_save_due (ScdIndex *index);
gboolean scd_index_load (ScdIndex *index, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdIndex, scd_index_unref)

G_END_DECLS
