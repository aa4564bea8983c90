/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * JSON files: what the service writes reads back (numbers json-glib would
 * write as invalid JSON included), and what it reads is refused before
 * json-glib sees it when no service wrote it: too deep, too long a
 * string, too large, not a regular file, a symlink.
 */
#include <float.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scd-error.h"
#include "scd-json-file.h"
#include "scd-option-table.h"

static char *
make_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("scd-json-file-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tmpdir (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static JsonNode *
parse (const char *text)
{
  return scd_json_file_parse ("test.json", text, strlen (text), NULL);
}

static void
assert_refused (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = scd_json_file_parse ("test.json", text, strlen (text), &error);

  g_assert_null (root);
  g_assert_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT);
  g_test_message ("refused: %s", error->message);
}

/* Arrays and objects nested @depth deep, with @inner at the bottom. */
static char *
nested (guint depth, const char *inner)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, i % 2 == 0 ? "[" : "{\"k\":");
  g_string_append (text, inner);
  for (guint i = depth; i > 0; i--)
    g_string_append (text, (i - 1) % 2 == 0 ? "]" : "}");
  return g_string_free (text, FALSE);
}

static void
test_nesting (void)
{
  g_autofree char *at_limit = nested (SCD_JSON_FILE_MAX_DEPTH, "1");
  g_autofree char *past_limit = nested (SCD_JSON_FILE_MAX_DEPTH + 1, "1");
  g_autofree char *huge = nested (200000, "1");
  g_autofree char *unclosed = g_strnfill (100000, '[');
  g_autoptr (JsonNode) root = parse (at_limit);

  g_assert_nonnull (root);
  assert_refused (past_limit);
  assert_refused (huge);
  assert_refused (unclosed);

  /* Brackets in strings, escaped quotes included, are text. */
  {
    g_autofree char *brackets = g_strnfill (1000, '[');
    g_autofree char *text = g_strdup_printf ("[\"\\\"%s\", \"\\\\\", [1]]", brackets);
    g_autoptr (JsonNode) in_string = parse (text);

    g_assert_nonnull (in_string);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (in_string)), ==, 3);
  }
}

static void
test_string_length (void)
{
  g_autofree char *longest = g_strnfill (SCD_OPTION_STRING_MAX, 'a');
  g_autofree char *too_long = g_strnfill (SCD_OPTION_STRING_MAX + 1, 'a');
  g_autofree char *value_ok = g_strdup_printf ("{\"name\": \"%s\"}", longest);
  g_autofree char *value_long = g_strdup_printf ("{\"name\": \"%s\"}", too_long);
  g_autofree char *member_long = g_strdup_printf ("{\"%s\": 1}", too_long);
  g_autofree char *in_array = g_strdup_printf ("[{\"a\": [\"%s\"]}]", too_long);
  g_autoptr (GString) escaped = g_string_new ("[\"");
  g_autoptr (JsonNode) root = parse (value_ok);

  g_assert_nonnull (root);
  assert_refused (value_long);
  assert_refused (member_long);
  assert_refused (in_array);

  /* The limit is on the string, not on how it is written: 4096 control
   * characters are 24 KiB as JSON. */
  for (guint i = 0; i < SCD_OPTION_STRING_MAX; i++)
    g_string_append (escaped, "\\u0001");
  g_string_append (escaped, "\"]");
  {
    g_autoptr (JsonNode) control = parse (escaped->str);

    g_assert_nonnull (control);
  }
}

/* Every double reads back as a number, within one unit in the last place. */
static void
test_numbers_read_back (void)
{
  const double values[] = { 0.0,     1e-8,     -1e-8,  1e-10, 1e-300, 5e-324,   1e17,
                            1e19,    1e300,    -1e300, 0.1,   2.0,    123.25,   4e-5,
                            DBL_MAX, -DBL_MAX, 1e-4,   1e16,  3e-7,   16.06825, 1e22 };
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "numbers.json", NULL);
  g_autoptr (JsonArray) array = json_array_new ();
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr (JsonNode) back = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *read;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    json_array_add_element (array, scd_json_file_number (values[i]));
  json_array_add_element (array, scd_json_file_number (NAN));
  json_array_add_element (array, scd_json_file_number (INFINITY));
  json_node_set_array (root, array);
  g_assert_true (scd_json_file_write (path, root, &error));
  g_assert_no_error (error);

  back = scd_json_file_read (path, &error);
  g_assert_no_error (error);
  read = json_node_get_array (back);
  g_assert_cmpuint (json_array_get_length (read), ==, G_N_ELEMENTS (values) + 2);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      JsonNode *node = json_array_get_element (read, i);
      double value = json_node_get_double (node);

      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      g_test_message ("%.17g read back as %.17g", values[i], value);
      g_assert_true (value == values[i] || nextafter (values[i], 0.0) == value);
    }
  g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (read, G_N_ELEMENTS (values))));
  remove_tmpdir (dir);
}

static void
assert_read_refused (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = scd_json_file_read (path, &error);

  g_assert_null (root);
  g_assert_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT);
  g_test_message ("refused: %s", error->message);
}

/* A FIFO (it would block), a device (it would not end), a symlink, a
 * directory, a file over the size limit: each refused at once. */
static void
test_not_regular (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *fifo = g_build_filename (dir, "fifo.json", NULL);
  g_autofree char *zero = g_build_filename (dir, "zero.json", NULL);
  g_autofree char *link = g_build_filename (dir, "link.json", NULL);
  g_autofree char *good = g_build_filename (dir, "good.json", NULL);
  g_autofree char *large = g_build_filename (dir, "large.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("/dev/zero", zero), ==, 0);
  g_assert_true (g_file_set_contents (good, "[1]", -1, &error));
  g_assert_cmpint (symlink (good, link), ==, 0);
  g_assert_true (g_file_set_contents (large, "[", -1, &error));
  g_assert_cmpint (truncate (large, SCD_JSON_FILE_MAX_SIZE + 1), ==, 0);

  assert_read_refused (fifo);
  assert_read_refused (zero);
  assert_read_refused (link);
  assert_read_refused (large);
  assert_read_refused (dir);
  assert_read_refused ("/dev/zero");

  root = scd_json_file_read (good, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  remove_tmpdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-file/nesting", test_nesting);
  g_test_add_func ("/json-file/string-length", test_string_length);
  g_test_add_func ("/json-file/numbers-read-back", test_numbers_read_back);
  g_test_add_func ("/json-file/not-regular", test_not_regular);
  return g_test_run ();
}
