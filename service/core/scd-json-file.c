/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Atomic JSON files. g_file_set_contents_full() writes a temporary file
 * beside the target, fsyncs it when it replaces an existing file, and
 * renames it over the target: the rename replaces a symlink rather than
 * following it, and the file is created 0600.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scd-error.h"
#include "scd-json-file.h"
#include "scd-json-numbers.h"
#include "scd-option-table.h"
#include "scd-safe-path.h"

/* What json-glib's generator writes for a double: g_ascii_dtostr(), then
 * ".0" unless there is a '.' in it. */
static gboolean
written_as_json (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (text, sizeof text, value);
  return strchr (text, '.') != NULL || strchr (text, 'e') == NULL;
}

JsonNode *
scd_json_file_number (double value)
{
  JsonNode *node = json_node_alloc ();

  if (!isfinite (value))
    return json_node_init_null (node);
  if (!written_as_json (value) && value == floor (value) && fabs (value) < 0x1p63)
    return json_node_init_int (node, (gint64) value);
  while (!written_as_json (value))
    value = nextafter (value, 0.0);
  return json_node_init_double (node, value);
}

gboolean
scd_json_file_write_data (const char *path, const char *data, gsize length, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *safe_path = scd_safe_path_resolve (path);

  if (!g_file_set_contents_full (safe_path, data, (gssize) length, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &local_error))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not write “%s”: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
scd_json_file_write (const char *path, JsonNode *root, GError **error)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *generated = NULL;
  g_autofree char *data = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  generated = json_generator_to_data (generator, NULL);
  data = scd_json_numbers_shortest (generated);
  return scd_json_file_write_data (path, data, strlen (data), error);
}

/* How deep arrays and objects nest, counted on the text (brackets inside
 * strings do not count), before json-glib parses it. */
static gboolean
nesting_fits (const char *data, gsize length)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > SCD_JSON_FILE_MAX_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* Every string and member name under @node is at most
 * SCD_OPTION_STRING_MAX bytes. */
static gboolean
strings_fit (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *member;
        JsonNode *value;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &member, &value))
          if (strlen (member) > SCD_OPTION_STRING_MAX || !strings_fit (value))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!strings_fit (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) != G_TYPE_STRING
             || strlen (json_node_get_string (node)) <= SCD_OPTION_STRING_MAX;
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

JsonNode *
scd_json_file_parse (const char *path, const char *data, gsize length, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local_error = NULL;
  g_autoptr (JsonNode) root = NULL;

  if (!nesting_fits (data, length))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("“%s” nests deeper than %d levels"), path, SCD_JSON_FILE_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, _("Could not read “%s”: %s"),
                   path, local_error->message);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL || !strings_fit (root))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   root == NULL ? _("“%s” is empty")
                                : _("“%s” holds a string longer than %d bytes"),
                   path, SCD_OPTION_STRING_MAX);
      return NULL;
    }
  return g_steal_pointer (&root);
}

/* The whole of a regular file of at most SCD_JSON_FILE_MAX_SIZE bytes,
 * never through a symlink. O_NONBLOCK: opening a FIFO returns at once
 * (and fstat() then refuses it) instead of waiting for a writer. */
static char *
read_regular_file (const char *path, gsize *length, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *safe_path = NULL;
  struct stat st;
  gsize got = 0;
  int fd, saved_errno;

  safe_path = scd_safe_path_resolve (path);
  fd = g_open (safe_path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, _("Could not read “%s”: %s"),
                   path,
                   saved_errno == ELOOP ? _("it is a symbolic link") : g_strerror (saved_errno));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > SCD_JSON_FILE_MAX_SIZE)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("Could not read “%s”: not a regular file of at most %d MiB"), path,
                   SCD_JSON_FILE_MAX_SIZE / (1024 * 1024));
      close (fd);
      return NULL;
    }
  /* One byte more than it says: a file still growing is caught. */
  data = g_malloc ((gsize) st.st_size + 2);
  for (;;)
    {
      ssize_t n = read (fd, data + got, (gsize) st.st_size + 1 - got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || (got += (gsize) n) > (gsize) st.st_size)
        {
          saved_errno = n < 0 ? errno : 0;
          break;
        }
    }
  close (fd);
  if (got != (gsize) st.st_size)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not read “%s”: %s"), path,
                   saved_errno != 0 ? g_strerror (saved_errno) : _("it changed while being read"));
      return NULL;
    }
  data[got] = '\0';
  *length = got;
  return g_steal_pointer (&data);
}

JsonNode *
scd_json_file_read (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  data = read_regular_file (path, &length, error);
  if (data == NULL)
    return NULL;
  return scd_json_file_parse (path, data, length, error);
}
