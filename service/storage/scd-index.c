/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Entries are a{sv} dictionaries, the same ones the D-Bus signals carry,
 * so index.json and the signals cannot drift apart. A schema
 * (scd-frame-entry.c, scd-chunk-entry.c) says which keys the JSON file
 * holds and, since JSON has one number type, what type each is read back
 * as; a member of another type, or of no known key, is left out.
 *
 * A mutex guards the array: the worker appends and saves, the main
 * context lists. Saving serialises the new entries under the lock (each
 * once: the text of those saved before is kept) and writes outside it, so
 * a ListFrames call never waits for an fsync.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "scd-error.h"
#include "scd-index.h"
#include "scd-json-file.h"
#include "scd-json-numbers.h"

struct _ScdIndex
{
  gatomicrefcount ref_count;
  GMutex lock;
  char *path;
  const ScdIndexSchema *schema;
  GPtrArray *entries; /* of GVariant a{sv} */

  /* The saving thread's. */
  GString *text;    /* the JSON of entries [0, serialised), a line each */
  guint serialised; /* entries in text */
  gint64 saved_at;  /* monotonic time the last save ended; 0: never */
  gint64 save_took; /* how long it took */
};

ScdIndex *
scd_index_new (const char *path, const ScdIndexSchema *schema)
{
  ScdIndex *index = g_new0 (ScdIndex, 1);

  g_atomic_ref_count_init (&index->ref_count);
  g_mutex_init (&index->lock);
  index->path = g_strdup (path);
  index->schema = schema;
  index->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  index->text = g_string_new (NULL);
  return index;
}

ScdIndex *
scd_index_ref (ScdIndex *index)
{
  g_atomic_ref_count_inc (&index->ref_count);
  return index;
}

void
scd_index_unref (ScdIndex *index)
{
  if (!g_atomic_ref_count_dec (&index->ref_count))
    return;
  g_ptr_array_unref (index->entries);
  g_string_free (index->text, TRUE);
  g_free (index->path);
  g_mutex_clear (&index->lock);
  g_free (index);
}

guint
scd_index_append (ScdIndex *index, GVariant *entry)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&index->lock);

  g_return_val_if_fail (g_variant_is_of_type (entry, G_VARIANT_TYPE_VARDICT), 0);
  g_ptr_array_add (index->entries, g_variant_ref_sink (entry));
  return index->entries->len;
}

guint
scd_index_get_count (ScdIndex *index)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&index->lock);

  return index->entries->len;
}

/* A new reference. */
GVariant *
scd_index_schema_announced (const ScdIndexSchema *schema, GVariant *entry)
{
  GVariantDict dict;
  gboolean strip = FALSE;

  for (gsize k = 0; k < schema->n_fields && !strip; k++)
    if (schema->fields[k].file_only)
      {
        g_autoptr (GVariant) value = g_variant_lookup_value (entry, schema->fields[k].key, NULL);

        strip = value != NULL;
      }
  if (!strip)
    return g_variant_ref (entry);
  g_variant_dict_init (&dict, entry);
  for (gsize k = 0; k < schema->n_fields; k++)
    if (schema->fields[k].file_only)
      g_variant_dict_remove (&dict, schema->fields[k].key);
  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

GVariant *
scd_index_slice (ScdIndex *index, guint first, guint count)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&index->lock);
  GVariantBuilder builder;
  guint end;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  end = first + MIN (count, G_MAXUINT - first);
  for (guint i = first; i < end && i < index->entries->len; i++)
    {
      g_autoptr (GVariant) announced = scd_index_schema_announced (
          index->schema, g_ptr_array_index (index->entries, i));

      g_variant_builder_add_value (&builder, announced);
    }
  return g_variant_builder_end (&builder);
}

static JsonNode *
entry_to_json (ScdIndex *index, GVariant *entry)
{
  g_autoptr (JsonObject) object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (gsize k = 0; k < index->schema->n_fields; k++)
    {
      const ScdIndexField *field = &index->schema->fields[k];
      g_autoptr (GVariant) value = NULL;

      if (!field->saved)
        continue;
      value = g_variant_lookup_value (entry, field->key, G_VARIANT_TYPE (field->type));
      if (value == NULL)
        continue;
      json_object_set_member (object, field->key,
                              g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE)
                                  ? scd_json_file_number (g_variant_get_double (value))
                                  : json_gvariant_serialize (value));
    }
  json_node_set_object (node, object);
  return node;
}

/* Adds the entries not serialised yet to the text, one line each. */
static void
serialise_new_locked (ScdIndex *index)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  for (; index->serialised < index->entries->len; index->serialised++)
    {
      g_autoptr (JsonNode)
          node = entry_to_json (index, g_ptr_array_index (index->entries, index->serialised));
      g_autofree char *generated = NULL;
      g_autofree char *line = NULL;

      json_generator_set_root (generator, node);
      generated = json_generator_to_data (generator, NULL);
      line = scd_json_numbers_shortest (generated);
      if (index->text->len > 0)
        g_string_append (index->text, ",\n");
      g_string_append (index->text, line);
    }
}

gboolean
scd_index_save (ScdIndex *index, GError **error)
{
  g_autoptr (GString) data = NULL;
  gint64 started = g_get_monotonic_time ();
  gboolean saved;

  {
    g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&index->lock);

    serialise_new_locked (index);
  }
  data = g_string_sized_new (index->text->len + 8);
  g_string_append (data, "[\n");
  g_string_append_len (data, index->text->str, (gssize) index->text->len);
  g_string_append (data, index->text->len > 0 ? "\n]\n" : "]\n");
  saved = scd_json_file_write_data (index->path, data->str, data->len, error);
  index->saved_at = g_get_monotonic_time ();
  index->save_took = index->saved_at - started;
  return saved;
}

gint64
scd_index_until_save_due (ScdIndex *index)
{
  gint64 due = index->saved_at + SCD_INDEX_SAVE_SHARE * index->save_took;

  return index->saved_at == 0 ? 0 : MAX (0, due - g_get_monotonic_time ());
}

static GVariant *
json_member_to_variant (const ScdIndexSchema *schema, const char *key, JsonNode *node)
{
  const ScdIndexField *field = NULL;
  GType type;

  for (gsize k = 0; k < schema->n_fields && field == NULL; k++)
    if (schema->fields[k].saved && g_str_equal (schema->fields[k].key, key))
      field = &schema->fields[k];
  if (field == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  type = json_node_get_value_type (node);
  if (g_str_equal (field->type, "s"))
    return type == G_TYPE_STRING ? g_variant_new_string (json_node_get_string (node)) : NULL;
  if (g_str_equal (field->type, "b"))
    return type == G_TYPE_BOOLEAN ? g_variant_new_boolean (json_node_get_boolean (node)) : NULL;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return NULL;
  if (g_str_equal (field->type, "d"))
    return g_variant_new_double (json_node_get_double (node));
  if (g_str_equal (field->type, "x"))
    return type == G_TYPE_INT64 ? g_variant_new_int64 (json_node_get_int (node)) : NULL;
  if (g_str_equal (field->type, "t"))
    return g_variant_new_uint64 ((guint64) json_node_get_int (node));
  if (g_str_equal (field->type, "u"))
    return g_variant_new_uint32 ((guint32) json_node_get_int (node));
  return NULL;
}

gboolean
scd_index_load (ScdIndex *index, GError **error)
{
  g_autoptr (JsonNode) root = scd_json_file_read (index->path, error);
  g_autoptr (GMutexLocker) locker = NULL;
  JsonArray *array;

  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("“%s” is not a JSON array"), index->path);
      return FALSE;
    }

  locker = g_mutex_locker_new (&index->lock);
  array = json_node_get_array (root);
  g_ptr_array_set_size (index->entries, 0);
  g_string_truncate (index->text, 0);
  index->serialised = 0;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      GVariantDict dict;
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      g_variant_dict_init (&dict, NULL);
      json_object_iter_init (&iter, json_node_get_object (element));
      while (json_object_iter_next (&iter, &member, &value))
        {
          GVariant *v = json_member_to_variant (index->schema, member, value);

          if (v != NULL)
            g_variant_dict_insert_value (&dict, member, v);
        }
      g_ptr_array_add (index->entries, g_variant_ref_sink (g_variant_dict_end (&dict)));
    }
  return TRUE;
}
