/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An index of entries (frames or audio chunks): appended by the worker
 * thread, listed by the main context, saved as a JSON array.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ScdIndex ScdIndex;

/* One key of an entry: its GVariant type, and whether index.json keeps it
 * (a chunk's peaks, for instance, go out in the signal only). */
typedef struct
{
  const char *key;
  const char *type;
  gboolean saved;
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
gboolean scd_index_save (ScdIndex *index, GError **error);
gboolean scd_index_load (ScdIndex *index, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdIndex, scd_index_unref)

G_END_DECLS
