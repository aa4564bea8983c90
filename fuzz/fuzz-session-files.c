/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libFuzzer harness for the files a reopened session reads back:
 * session.json (scd_json_file_read() and scd_manifest_parse()) and the
 * frame and chunk indexes (scd_index_load(), then a slice of everything,
 * as ListFrames() would give). Each input is written to a file and read
 * by all three, the way OpenSession() reads a folder someone else may have
 * written. Anything but a clean error or a result is a bug: ASan and UBSan
 * watch, and GLib criticals abort.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "scd-chunk-entry.h"
#include "scd-frame-entry.h"
#include "scd-index.h"
#include "scd-json-file.h"
#include "scd-manifest.h"

static char *path;

static void
read_index (const ScdIndexSchema *schema)
{
  g_autoptr (ScdIndex) index = scd_index_new (path, schema);
  g_autoptr (GError) error = NULL;

  if (scd_index_load (index, &error))
    {
      g_autoptr (GVariant) all = scd_index_slice (index, 0, G_MAXUINT);
      g_autoptr (GVariant) past = scd_index_slice (index, G_MAXUINT - 1, 2);

      g_assert_cmpuint (g_variant_n_children (all), ==, scd_index_get_count (index));
      g_assert_cmpuint (g_variant_n_children (past), ==, 0);
    }
}

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;

  if (path == NULL)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      path = g_strdup_printf ("%s/scened-fuzz-%d.json", g_get_tmp_dir (), (int) getpid ());
    }
  if (!g_file_set_contents (path, (const char *) data, (gssize) size, &error))
    g_error ("%s", error->message);

  root = scd_json_file_read (path, NULL);
  if (root != NULL)
    {
      ScdManifestContents contents = { 0 };

      if (scd_manifest_parse (root, &contents, NULL))
        g_assert_nonnull (contents.segments);
      scd_manifest_contents_clear (&contents);
    }
  read_index (&scd_frame_entry_schema);
  read_index (&scd_chunk_entry_schema);
  return 0;
}
