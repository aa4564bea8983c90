/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The index: entries in, slices out, JSON on disk with only the keys
 * asked for, private and atomically replaced, and read back.
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/stat.h>

#include "scd-index.h"

static const ScdIndexField fields[] = {
  { "id", "s", TRUE },    { "index", "u", TRUE },   { "timestamp", "d", TRUE },
  { "score", "d", TRUE }, { "secret", "s", FALSE }, { "grid", "s", TRUE, TRUE },
};
static const ScdIndexSchema schema = { fields, G_N_ELEMENTS (fields) };

static GVariant *
entry (guint i)
{
  GVariantDict dict;
  g_autofree char *id = g_strdup_printf ("F%04u", i + 1);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "id", "s", id);
  g_variant_dict_insert (&dict, "index", "u", i);
  g_variant_dict_insert (&dict, "timestamp", "d", i * 1.5);
  g_variant_dict_insert (&dict, "score", "d", 10.25);
  g_variant_dict_insert (&dict, "secret", "s", "not on disk");
  g_variant_dict_insert (&dict, "grid", "s", "on disk only");
  return g_variant_dict_end (&dict);
}

static char *
make_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("scd-index-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_slice (void)
{
  g_autoptr (ScdIndex) index = scd_index_new ("/nonexistent/index.json", &schema);
  g_autoptr (GVariant) all = NULL;
  g_autoptr (GVariant) some = NULL;
  g_autoptr (GVariant) none = NULL;
  g_autoptr (GVariant) huge = NULL;

  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (scd_index_append (index, entry (i)), ==, i + 1);

  all = scd_index_slice (index, 0, G_MAXUINT);
  g_assert_cmpuint (g_variant_n_children (all), ==, 5);
  /* A file-only key is not listed. */
  {
    g_autoptr (GVariant) first = g_variant_get_child_value (all, 0);
    g_autoptr (GVariant) grid = g_variant_lookup_value (first, "grid", NULL);
    g_autoptr (GVariant) score = g_variant_lookup_value (first, "score", NULL);

    g_assert_null (grid);
    g_assert_nonnull (score);
  }
  some = scd_index_slice (index, 3, 10);
  g_assert_cmpuint (g_variant_n_children (some), ==, 2);
  none = scd_index_slice (index, 5, 1);
  g_assert_cmpuint (g_variant_n_children (none), ==, 0);
  /* first + count overflows a guint: no wrap-around. */
  huge = scd_index_slice (index, G_MAXUINT - 1, G_MAXUINT);
  g_assert_cmpuint (g_variant_n_children (huge), ==, 0);
}

static void
test_save_and_load (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "index.json", NULL);
  g_autoptr (ScdIndex) index = scd_index_new (path, &schema);
  g_autoptr (ScdIndex) again = scd_index_new (path, &schema);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GVariant) loaded = NULL;
  g_autoptr (GVariant) first = NULL;
  JsonArray *array;
  JsonObject *object;
  GStatBuf st;
  const char *id;
  double timestamp;
  guint32 number;

  for (guint i = 0; i < 3; i++)
    {
      scd_index_append (index, entry (i));
      g_assert_true (scd_index_save (index, &error));
      g_assert_no_error (error);
    }

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  object = json_array_get_object_element (array, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "F0003");
  g_assert_cmpint (json_object_get_int_member (object, "index"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (object, "timestamp"), ==, 3.0);
  g_assert_false (json_object_has_member (object, "secret"));
  g_assert_cmpstr (json_object_get_string_member (object, "grid"), ==, "on disk only");

  g_assert_true (scd_index_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (scd_index_get_count (again), ==, 3);
  loaded = scd_index_slice (again, 1, 1);
  first = g_variant_get_child_value (loaded, 0);
  g_assert_true (g_variant_lookup (first, "id", "&s", &id));
  g_assert_cmpstr (id, ==, "F0002");
  g_assert_true (g_variant_lookup (first, "index", "u", &number));
  g_assert_cmpuint (number, ==, 1);
  g_assert_true (g_variant_lookup (first, "timestamp", "d", &timestamp));
  g_assert_cmpfloat (timestamp, ==, 1.5);

  /* No temporary file is left beside it. */
  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (d) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_save_replaces_symlink (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "index.json", NULL);
  g_autofree char *target = g_build_filename (dir, "target", NULL);
  g_autoptr (ScdIndex) index = scd_index_new (path, &schema);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (target, "untouched", -1, NULL));
  g_assert_cmpint (symlink (target, path), ==, 0);
  scd_index_append (index, entry (0));
  g_assert_true (scd_index_save (index, &error));
  g_assert_no_error (error);

  /* The link itself was replaced; what it pointed to is untouched. */
  g_assert_false (g_file_test (path, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "untouched");
  g_unlink (path);
  g_unlink (target);
  g_rmdir (dir);
}

static void
test_load_errors (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "index.json", NULL);
  g_autoptr (ScdIndex) index = scd_index_new (path, &schema);
  g_autoptr (GError) error = NULL;

  g_assert_false (scd_index_load (index, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "{\"not\": \"an array\"}", -1, NULL));
  g_assert_false (scd_index_load (index, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "[{\"id\": \"F0001\"", -1, NULL));
  g_assert_false (scd_index_load (index, &error));
  g_assert_nonnull (error);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/index/slice", test_slice);
  g_test_add_func ("/index/save-and-load", test_save_and_load);
  g_test_add_func ("/index/save-replaces-symlink", test_save_replaces_symlink);
  g_test_add_func ("/index/load-errors", test_load_errors);
  return g_test_run ();
}
