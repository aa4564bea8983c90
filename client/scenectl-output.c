/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The one text and JSON shape of frame, chunk and segment entries, so that
 * analyze, frames, chunks, capture and monitor print them alike; JSON
 * printing; tables and label: value fields.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "scd-json-numbers.h"
#include "scenectl-output.h"

char *
scenectl_format_frame (GVariant *frame)
{
  const char *id = "?";
  const char *reason = "";
  const char *path = "";
  const char *duplicate_of = NULL;
  double timestamp = 0.0;
  double score = 0.0;
  g_autofree char *line = NULL;

  g_variant_lookup (frame, "id", "&s", &id);
  g_variant_lookup (frame, "reason", "&s", &reason);
  g_variant_lookup (frame, "path", "&s", &path);
  g_variant_lookup (frame, "timestamp", "d", &timestamp);
  g_variant_lookup (frame, "score", "d", &score);

  /* Translators: one scene frame: its id (F0001), its time in seconds,
   * why it was written (first, scene, interval or capture: these words
   * stay in English), the scene score, the path of its JPEG. Keep the
   * field widths so that the lines form columns. */
  line = g_strdup_printf (_("frame %s  %9.3fs  %-8s  score %5.1f  %s"), id, timestamp, reason,
                          score, path);
  if (!g_variant_lookup (frame, "duplicate-of", "&s", &duplicate_of))
    return g_steal_pointer (&line);
  /* Translators: after a frame's line: the frame shows the same screen
   * as the earlier frame with this id (F0002). */
  return g_strdup_printf (_("%s  (same screen as %s)"), line, duplicate_of);
}

char *
scenectl_format_chunk (GVariant *chunk)
{
  guint32 index = 0;
  guint64 samples = 0;
  const char *path = "";
  double start = 0.0;
  double duration = 0.0;
  g_autofree char *samples_str = NULL;
  g_autofree char *content = NULL;
  g_autofree char *labelled = NULL;
  const char *boundary = NULL;
  const char *source = NULL;

  g_variant_lookup (chunk, "index", "u", &index);
  g_variant_lookup (chunk, "samples", "t", &samples);
  g_variant_lookup (chunk, "path", "&s", &path);
  g_variant_lookup (chunk, "start", "d", &start);
  g_variant_lookup (chunk, "duration", "d", &duration);
  samples_str = g_strdup_printf ("%" G_GUINT64_FORMAT, samples);

  /* Chunks written before these keys existed have none of them. */
  if (g_variant_lookup (chunk, "boundary", "&s", &boundary))
    {
      double speech = 0.0, peak = 0.0, mean = 0.0;
      gboolean silent = FALSE;
      g_autofree char *speech_str = NULL;

      g_variant_lookup (chunk, "speech", "d", &speech);
      g_variant_lookup (chunk, "silent", "b", &silent);
      g_variant_lookup (chunk, "level-peak", "d", &peak);
      g_variant_lookup (chunk, "level-mean", "d", &mean);
      /* Translators: the share of an audio chunk that is speech, in
       * percent. */
      speech_str = silent ? g_strdup (_("silent"))
                          : g_strdup_printf (_("%.0f%% speech"), speech * 100.0);
      /* Translators: what an audio chunk holds: where it was cut ("pause",
       * "max" or "end", not translated), how much of it is speech (or
       * "silent"), its peak and mean level in dBFS. */
      content = g_strdup_printf (_("%-5s %-11s  %.1f/%.1f dBFS  "), boundary, speech_str, peak,
                                 mean);
    }

  /* Translators: one audio chunk: its number, its start and its length
   * in seconds, how many samples (per channel) it holds, what it holds
   * (the line above, or nothing), the path of its WAV file. Keep the
   * field widths so that the lines form columns. */
  /* Two PulseAudio sources: each chunk comes twice, once per source,
   * whose label goes before the path. */
  if (g_variant_lookup (chunk, "source", "&s", &source))
    labelled = g_strdup_printf ("[%s] %s", source, path);
  return g_strdup_printf (_("chunk %-4u %9.3fs +%.3fs  %8s samples  %s%s"), index, start, duration,
                          samples_str, content != NULL ? content : "",
                          labelled != NULL ? labelled : path);
}

char *
scenectl_format_segment (guint index, const char *path, double start)
{
  /* Translators: a new recording segment: its number, its start on the
   * session timeline in seconds, the path of its file. */
  return g_strdup_printf (_("segment %u  %9.3fs  %s"), index, start, path);
}

void
scenectl_print_json (JsonNode *node, gboolean pretty)
{
  g_autofree char *generated = json_to_string (node, pretty);
  g_autofree char *text = scd_json_numbers_shortest (generated);

  /* Raw UTF-8 whatever the locale: g_print() would transliterate. */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

void
scenectl_print_json_object (JsonObject *object, gboolean pretty)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);

  scenectl_print_json (node, pretty);
}

void
scenectl_print_json_array (JsonArray *array, gboolean pretty)
{
  g_autoptr (JsonNode) node = json_node_init_array (json_node_alloc (), array);

  scenectl_print_json (node, pretty);
}

/* Appends the members of an a{sv} (a frame or chunk entry, a property
 * dict) to @object, in the order the service sent them. */
void
scenectl_json_add_variant_members (JsonObject *object, GVariant *dict)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    json_object_set_member (object, key, json_gvariant_serialize (value));
}

/* The JSON twin of scenectl_format_segment(). */
void
scenectl_json_add_segment_members (JsonObject *object, guint index, const char *path, double start)
{
  json_object_set_int_member (object, "index", index);
  json_object_set_string_member (object, "path", path);
  json_object_set_double_member (object, "start", start);
}

JsonObject *
scenectl_json_event_new (const char *event, GVariant *dict)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "event", event);
  if (dict != NULL)
    scenectl_json_add_variant_members (object, dict);

  return object;
}

static void
print_padded (const char *text, gsize width)
{
  glong len = g_utf8_strlen (text, -1);

  g_print ("%s", text);
  for (glong i = len; i < (glong) width; i++)
    g_print (" ");
}

void
scenectl_print_table (const char *const *headers, GPtrArray *rows)
{
  guint n_columns = g_strv_length ((char **) headers);
  g_autofree gsize *widths = g_new0 (gsize, n_columns);

  for (guint c = 0; c < n_columns; c++)
    widths[c] = g_utf8_strlen (headers[c], -1);
  for (guint r = 0; r < rows->len; r++)
    {
      const char *const *row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        widths[c] = MAX (widths[c], (gsize) g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r <= rows->len; r++)
    {
      const char *const *row = r == 0 ? headers : g_ptr_array_index (rows, r - 1);

      for (guint c = 0; c < n_columns; c++)
        {
          if (c + 1 < n_columns)
            {
              print_padded (row[c], widths[c]);
              g_print ("  ");
            }
          else
            g_print ("%s\n", row[c]);
        }
    }
}

void
scenectl_fields_add (GPtrArray *fields, const char *label, char *value)
{
  g_ptr_array_add (fields, g_strdup_printf ("%s:", label));
  g_ptr_array_add (fields, value != NULL ? value : g_strdup (""));
}

void
scenectl_print_fields (GPtrArray *fields)
{
  gsize width = 0;

  for (guint i = 0; i < fields->len; i += 2)
    width = MAX (width, (gsize) g_utf8_strlen (g_ptr_array_index (fields, i), -1));

  for (guint i = 0; i < fields->len; i += 2)
    {
      g_print ("  ");
      print_padded (g_ptr_array_index (fields, i), width + 1);
      g_print ("%s\n", (const char *) g_ptr_array_index (fields, i + 1));
    }
}
