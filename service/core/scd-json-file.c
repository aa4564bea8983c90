/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Atomic JSON files. g_file_set_contents_full() writes a temporary file
 * beside the target, fsyncs it when it replaces an existing file, and
 * renames it over the target: the rename replaces a symlink rather than
 * following it, and the file is created 0600.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-error.h"
#include "scd-json-file.h"

gboolean
scd_json_file_write (const char *path, JsonNode *root, GError **error)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, &length);

  if (!g_file_set_contents_full (path, data, (gssize) length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not write “%s”: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
scd_json_file_read (const char *path, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local_error = NULL;

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not read “%s”: %s"), path,
                   local_error->message);
      return NULL;
    }
  return json_parser_steal_root (parser);
}
