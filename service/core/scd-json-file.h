/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * JSON files replaced atomically: write, fsync, rename. A crash at any
 * moment leaves the previous version or the new one, never a torn file.
 *
 * Reading takes files anyone may have put in a session folder, so it
 * refuses what the service never writes, before json-glib sees it: a
 * symlink, anything but a regular file (a FIFO would block the reading
 * thread for ever, /dev/zero would never end), a file larger than
 * SCD_JSON_FILE_MAX_SIZE, arrays and objects nested deeper than
 * SCD_JSON_FILE_MAX_DEPTH (json-glib's parser recurses once a level: deep
 * nesting overflows the thread's stack), and a string or member name
 * longer than SCD_OPTION_STRING_MAX bytes (it would come back in a D-Bus
 * message). Everything scd_json_file_write() writes reads back.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A frame index of 100,000 entries is about 25 MiB. */
#define SCD_JSON_FILE_MAX_SIZE (64 * 1024 * 1024)
/* The service writes at most 3 levels. */
#define SCD_JSON_FILE_MAX_DEPTH 16

/* A JSON number node for @value that json-glib writes as valid JSON and
 * reads back: json-glib 1.6 writes 1e-08 as "1e-08.0" (a number it would
 * print with an exponent and no '.'). Such a number is written as an
 * integer when it is whole, else moved by one unit in the last place (a
 * relative change of 1e-16); a number that is not finite is written as
 * null (read back as missing). */
JsonNode *scd_json_file_number (double value);

gboolean scd_json_file_write (const char *path, JsonNode *root, GError **error);
/* The same for JSON text made by the caller. */
gboolean
scd_json_file_write_data (const char *path, const char *data, gsize length, GError **error);
JsonNode *scd_json_file_read (const char *path, GError **error);
JsonNode *scd_json_file_parse (const char *path, const char *data, gsize length, GError **error);

G_END_DECLS
