/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libFuzzer harness for the files a reopened session reads back:
 * session.json (scd_json_file_read() and scd_manifest_parse()) and the
 * frame and chunk indexes (scd_index_load(), then a slice of everything,
 * as ListFrames() would give). Each input is written to a file and read
 * by all three, the way OpenSession() reads a folder someone else may have
 * written. Anything but a clean error or a result is a bug: ASan and UBSan
 * watch, and GLib criticals abort. The seeds reach past the reader's
 * limits on nesting and string length; what no fuzzer input can be (a
 * file past the size limit, a FIFO, a device) is checked once, first.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
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

/* Refused at once, without reading: larger than the size limit (sparse),
 * a FIFO, a device. */
static void
check_what_no_input_can_be (void)
{
  g_autofree char *large = g_strdup_printf ("%s/scened-fuzz-%d-large.json", g_get_tmp_dir (),
                                            (int) getpid ());
  g_autofree char *fifo = g_strdup_printf ("%s/scened-fuzz-%d-fifo.json", g_get_tmp_dir (),
                                           (int) getpid ());
  const char *paths[] = { large, fifo, "/dev/zero" };

  if (!g_file_set_contents (large, "[", 1, NULL)
      || truncate (large, SCD_JSON_FILE_MAX_SIZE + 1) != 0 || mkfifo (fifo, 0600) != 0)
    g_error ("cannot make the files past the limits");
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) root = scd_json_file_read (paths[i], &error);

      g_assert_null (root);
      g_assert_nonnull (error);
    }
  g_unlink (large);
  g_unlink (fifo);
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
      check_what_no_input_can_be ();
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
