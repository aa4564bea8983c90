/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The product promises that index.json, List*(), the *Count properties and
 * the signals are the same entries, and that the chunks are gapless. These
 * checks compare all of them, entry by entry and key by key, and read every
 * JPEG and WAV the session wrote.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "scd-test-checks.h"
#include "scd-test-media.h"

static const char *const frame_json_keys[] = { "id",     "index", "timestamp", "path",      "score",
                                               "reason", "width", "height",    "wallclock", NULL };
/* Keys a frame has only sometimes: where the signal has one, the index
 * has the same, and the other way round. */
static const char *const frame_optional_keys[] = { "duplicate-of", "settles", NULL };
static const char *const chunk_json_keys[] = { "index",      "path",     "start",     "duration",
                                               "samples",    "speech",   "silent",    "level-peak",
                                               "level-mean", "boundary", "wallclock", NULL };

JsonNode *
scd_test_load_json (const char *path)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);
  return json_node_ref (json_parser_get_root (parser));
}

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint16
read_le16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

/* A strict reader: the RIFF size must match the file, the data chunk must be
 * whole. A torn or padded chunk fails here. */
gboolean
scd_test_read_wav (const char *path, ScdTestWav *wav, GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  const guint8 *p;
  gsize pos = 12;
  gboolean have_fmt = FALSE;
  guint block_align = 0;

  memset (wav, 0, sizeof *wav);
  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;
  p = (const guint8 *) contents;
  if (len < 12 || memcmp (p, "RIFF", 4) != 0 || memcmp (p + 8, "WAVE", 4) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not a RIFF/WAVE file", path);
      return FALSE;
    }
  if (read_le32 (p + 4) != len - 8)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: RIFF size %u, but the file has %" G_GSIZE_FORMAT " bytes after it", path,
                   read_le32 (p + 4), len - 8);
      return FALSE;
    }
  while (pos + 8 <= len)
    {
      guint32 size = read_le32 (p + pos + 4);
      const guint8 *body = p + pos + 8;

      if (pos + 8 + size > len)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: chunk “%.4s” of %u bytes runs past the end of the file", path,
                       (const char *) p + pos, size);
          return FALSE;
        }
      if (memcmp (p + pos, "fmt ", 4) == 0 && size >= 16)
        {
          wav->format = read_le16 (body);
          wav->channels = read_le16 (body + 2);
          wav->sample_rate = read_le32 (body + 4);
          block_align = read_le16 (body + 12);
          wav->bits = read_le16 (body + 14);
          have_fmt = TRUE;
        }
      else if (memcmp (p + pos, "data", 4) == 0)
        {
          if (!have_fmt || block_align == 0 || size % block_align != 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s: data chunk of %u bytes without a fmt chunk or not a whole "
                           "number of %u-byte frames",
                           path, size, block_align);
              return FALSE;
            }
          wav->samples = size / block_align;
          return TRUE;
        }
      pos += 8 + size + (size & 1);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: no data chunk", path);
  return FALSE;
}

static void
collect_bad_modes (const char *path, GString *bad)
{
  struct stat st;

  if (g_lstat (path, &st) != 0)
    {
      g_string_append_printf (bad, "  %s: cannot stat\n", path);
      return;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      if ((st.st_mode & 07777) != 0700)
        g_string_append_printf (bad, "  %s/: %04o, not 0700\n", path, st.st_mode & 07777);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          collect_bad_modes (child, bad);
        }
    }
  else if (S_ISREG (st.st_mode))
    {
      if ((st.st_mode & 07777) != 0600)
        g_string_append_printf (bad, "  %s: %04o, not 0600\n", path, st.st_mode & 07777);
    }
  else
    g_string_append_printf (bad, "  %s: neither a directory nor a regular file\n", path);
}

/* Every directory 0700, every file 0600, nothing else. */
void
scd_test_assert_private_tree (const char *path)
{
  g_autoptr (GString) bad = g_string_new (NULL);

  collect_bad_modes (path, bad);
  if (bad->len > 0)
    g_error ("wrong permissions under %s:\n%s", path, bad->str);
}

static gboolean
doubles_equal (double a, double b)
{
  return fabs (a - b) <= 1e-9 * MAX (1.0, fabs (a));
}

static char *
describe_json (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static void
assert_value_matches_json (GVariant *value, JsonNode *node, const char *where)
{
  g_autofree char *v_text = g_variant_print (value, TRUE);
  g_autofree char *j_text = describe_json (node);
  gboolean ok = JSON_NODE_HOLDS_VALUE (node);

  if (ok && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    ok = json_node_get_value_type (node) == G_TYPE_STRING
         && g_str_equal (json_node_get_string (node), g_variant_get_string (value, NULL));
  else if (ok && g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    ok = json_node_get_value_type (node) != G_TYPE_STRING
         && doubles_equal (json_node_get_double (node), g_variant_get_double (value));
  else if (ok && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    ok = json_node_get_value_type (node) == G_TYPE_BOOLEAN
         && json_node_get_boolean (node) == g_variant_get_boolean (value);
  else if (ok && g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    ok = json_node_get_value_type (node) == G_TYPE_INT64
         && json_node_get_int (node) == (gint64) g_variant_get_uint32 (value);
  else if (ok && g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64))
    ok = json_node_get_value_type (node) == G_TYPE_INT64
         && (guint64) json_node_get_int (node) == g_variant_get_uint64 (value);
  else if (ok && g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    ok = json_node_get_value_type (node) == G_TYPE_INT64
         && json_node_get_int (node) == g_variant_get_int64 (value);
  else
    ok = FALSE;
  if (!ok)
    g_error ("%s: the signal says %s, the index says %s", where, v_text, j_text);
}

/* index.json == the signalled entries, for the keys the index keeps. */
void
scd_test_assert_entries_match_json (GPtrArray *entries,
                                    JsonNode *json,
                                    const char *const *keys,
                                    const char *what)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (json))
    g_error ("%s is not a JSON array", what);
  array = json_node_get_array (json);
  if (json_array_get_length (array) != entries->len)
    g_error ("%s has %u entries, the signals announced %u", what, json_array_get_length (array),
             entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      GVariant *entry = g_ptr_array_index (entries, i);
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        g_error ("%s[%u] is not an object", what, i);
      object = json_node_get_object (element);
      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_autoptr (GVariant) value = g_variant_lookup_value (entry, keys[k], NULL);
          g_autofree char *where = g_strdup_printf ("%s[%u].%s", what, i, keys[k]);

          if (value == NULL)
            g_error ("%s: missing from the signal", where);
          if (!json_object_has_member (object, keys[k]))
            g_error ("%s: missing from the index", where);
          assert_value_matches_json (value, json_object_get_member (object, keys[k]), where);
        }
    }
}

static void
assert_optional_keys_match (GPtrArray *entries,
                            JsonNode *json,
                            const char *const *keys,
                            const char *what)
{
  JsonArray *array = json_node_get_array (json);

  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_autoptr (GVariant)
              value = g_variant_lookup_value (g_ptr_array_index (entries, i), keys[k], NULL);
          g_autofree char *where = g_strdup_printf ("%s[%u].%s", what, i, keys[k]);

          if ((value != NULL) != json_object_has_member (object, keys[k]))
            g_error ("%s: in %s only", where, value != NULL ? "the signal" : "the index");
          if (value != NULL)
            assert_value_matches_json (value, json_object_get_member (object, keys[k]), where);
        }
    }
}

/* List*(0, all) == the signalled entries, every key. */
void
scd_test_assert_entries_match_list (GPtrArray *entries, GVariant *list, const char *what)
{
  gsize n = g_variant_n_children (list);

  if (n != entries->len)
    g_error ("%s returned %" G_GSIZE_FORMAT " entries, the signals announced %u", what, n,
             entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      g_autoptr (GVariant) listed = g_variant_get_child_value (list, i);
      GVariant *signalled = g_ptr_array_index (entries, i);

      if (!g_variant_equal (listed, signalled))
        {
          g_autofree char *a = g_variant_print (signalled, TRUE);
          g_autofree char *b = g_variant_print (listed, TRUE);

          g_error ("%s[%u] differs:\n  signal: %s\n  listed: %s", what, i, a, b);
        }
    }
}

/* g_variant_lookup() for a key every entry must have: a missing or
 * mistyped one fails the test, showing the entry. */
static void
lookup_required (GVariant *entry, const char *key, const char *format, gpointer value)
{
  if (!g_variant_lookup (entry, key, format, value))
    g_error ("entry without a “%s” (%s): %s", key, format + (format[0] == '&'),
             g_variant_print (entry, TRUE));
}

static guint
lookup_u (GVariant *entry, const char *key)
{
  guint32 v = 0;

  lookup_required (entry, key, "u", &v);
  return v;
}

static guint64
lookup_t (GVariant *entry, const char *key)
{
  guint64 v = 0;

  lookup_required (entry, key, "t", &v);
  return v;
}

static double
lookup_d (GVariant *entry, const char *key)
{
  double v = 0;

  lookup_required (entry, key, "d", &v);
  return v;
}

static double
lookup_d_or (GVariant *entry, const char *key, double fallback)
{
  double v = fallback;

  g_variant_lookup (entry, key, "d", &v);
  return v;
}

static const char *
lookup_s (GVariant *entry, const char *key)
{
  const char *v = NULL;

  lookup_required (entry, key, "&s", &v);
  return v;
}

double
scd_test_frame_timestamp (GVariant *frame)
{
  return lookup_d (frame, "timestamp");
}

const char *
scd_test_frame_reason (GVariant *frame)
{
  return lookup_s (frame, "reason");
}

/* The reasons the contract lets a frame be written for. */
gboolean
scd_test_is_frame_reason (const char *reason)
{
  static const char *const reasons[] = { "first", "scene", "interval", "capture", "settled", NULL };

  return reason != NULL && g_strv_contains (reasons, reason);
}

char *
scd_test_describe_frames (GPtrArray *frames)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < frames->len; i++)
    {
      GVariant *f = g_ptr_array_index (frames, i);
      double score = 0;

      g_variant_lookup (f, "score", "d", &score);
      g_string_append_printf (s, "%s%.3f s (%s, score %.2f)", i > 0 ? ", " : "",
                              scd_test_frame_timestamp (f), scd_test_frame_reason (f), score);
    }
  return g_string_free (s, FALSE);
}

static void
load_index_or_empty (const char *path, guint expected, JsonNode **out)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      /* Without entries the index may not exist; with entries it must. */
      if (expected > 0)
        g_error ("%s is missing, but %u entries were announced", path, expected);
      *out = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (*out, json_array_new ());
      return;
    }
  *out = scd_test_load_json (path);
}

/* session.json's started-wallclock: when Start() was called. */
static gint64
manifest_started (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "session.json", NULL);
  g_autoptr (JsonNode) root = scd_test_load_json (path);
  JsonObject *object = json_node_get_object (root);

  if (!json_object_has_member (object, "started-wallclock"))
    g_error ("%s has no started-wallclock", path);
  return json_object_get_int_member (object, "started-wallclock");
}

/* Each entry's wallclock: when its media arrived, so after Start() and
 * not in the future, and in the order the media came. A frame's packet
 * may come before the frame shown ahead of it (B-frames), by a few frame
 * times at most: @slack allows that. */
static void
check_wallclocks (const char *dir, GPtrArray *entries, gint64 slack, const char *what)
{
  gint64 started = manifest_started (dir);
  gint64 now = g_get_real_time ();
  gint64 last = G_MININT64;

  for (guint i = 0; i < entries->len; i++)
    {
      gint64 when = 0;

      if (!g_variant_lookup (g_ptr_array_index (entries, i), "wallclock", "x", &when))
        g_error ("%s[%u] has no wallclock", what, i);
      if (when < started || when > now)
        g_error ("%s[%u].wallclock %" G_GINT64_FORMAT " is outside [%" G_GINT64_FORMAT
                 " (Start), %" G_GINT64_FORMAT " (now)]",
                 what, i, when, started, now);
      if (i > 0 && when < last - slack)
        g_error ("%s[%u].wallclock %" G_GINT64_FORMAT " is %" G_GINT64_FORMAT
                 " us before the one before it",
                 what, i, when, last - when);
      last = MAX (last, when);
    }
}

/* The frames on disk: index.json == the signalled entries, each JPEG where
 * the contract puts it and decoding to the size its entry says. */
void
scd_test_check_frame_files (const char *dir, GPtrArray *frames, guint width, guint height)
{
  g_autofree char *index_path = g_build_filename (dir, "frames", "index.json", NULL);
  g_autoptr (JsonNode) json = NULL;
  double last = -1;

  load_index_or_empty (index_path, frames->len, &json);
  scd_test_assert_entries_match_json (frames, json, frame_json_keys, "frames/index.json");
  assert_optional_keys_match (frames, json, frame_optional_keys, "frames/index.json");
  check_wallclocks (dir, frames, G_USEC_PER_SEC / 4, "frames");

  for (guint i = 0; i < frames->len; i++)
    {
      GVariant *f = g_ptr_array_index (frames, i);
      g_autofree char *id = g_strdup_printf ("F%04u", i + 1);
      g_autofree char *jpeg = g_strdup_printf ("%s.jpg", id);
      g_autofree char *expected_path = g_build_filename (dir, "frames", jpeg, NULL);
      g_autoptr (GError) error = NULL;
      const char *reason = lookup_s (f, "reason");
      double ts = lookup_d (f, "timestamp");
      double score = lookup_d (f, "score");
      guint w = 0, h = 0;

      g_assert_cmpuint (lookup_u (f, "index"), ==, i);
      g_assert_cmpstr (lookup_s (f, "id"), ==, id);
      g_assert_cmpstr (lookup_s (f, "path"), ==, expected_path);
      g_assert_true (scd_test_is_frame_reason (reason));
      if (i == 0)
        g_assert_cmpstr (reason, ==, "first");
      else
        g_assert_cmpstr (reason, !=, "first");
      g_assert_true (isfinite (score));
      g_assert_cmpfloat (ts, >, last);
      last = ts;
      if (width != 0)
        {
          g_assert_cmpuint (lookup_u (f, "width"), ==, width);
          g_assert_cmpuint (lookup_u (f, "height"), ==, height);
        }
      scd_test_media_probe_image (expected_path, &w, &h, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (w, ==, lookup_u (f, "width"));
      g_assert_cmpuint (h, ==, lookup_u (f, "height"));
    }
}

/* Checks a finished session's frames everywhere they show; width and height
 * are the source's (0: don't check). */
void
scd_test_check_frames (ScdTestSession *session, guint width, guint height)
{
  g_autofree char *dir = scd_test_session_get_directory (session);
  g_autoptr (GVariant) listed = scd_test_session_list_frames (session);
  guint count = scd_test_session_get_uint (session, SCD_TEST_IFACE_DETECTOR, "FrameCount");

  scd_test_check_frame_files (dir, session->frames, width, height);
  scd_test_assert_entries_match_list (session->frames, listed, "ListFrames");
  g_assert_cmpuint (count, ==, session->frames->len);
}

/* The chunks on disk: index.json == the signalled entries, each starting
 * where the one before ended (in samples), each WAV holding what its entry
 * says. Returns the total samples per channel. */
guint64
scd_test_check_chunk_files (const char *dir, GPtrArray *chunks, guint rate, guint channels)
{
  g_autofree char *index_path = g_build_filename (dir, "audio", "index.json", NULL);
  g_autoptr (JsonNode) json = NULL;
  gint64 first_start = 0;
  gint64 skipped = 0;
  guint64 total = 0;

  load_index_or_empty (index_path, chunks->len, &json);
  scd_test_assert_entries_match_json (chunks, json, chunk_json_keys, "audio/index.json");
  check_wallclocks (dir, chunks, 0, "chunks");

  for (guint i = 0; i < chunks->len; i++)
    {
      GVariant *c = g_ptr_array_index (chunks, i);
      g_autofree char *file = g_strdup_printf ("chunk_%04u.wav", i);
      g_autofree char *expected_path = g_build_filename (dir, "audio", file, NULL);
      g_autoptr (GVariant) peaks = g_variant_lookup_value (c, "peaks", G_VARIANT_TYPE_BYTESTRING);
      g_autoptr (GError) error = NULL;
      guint64 samples = lookup_t (c, "samples");
      double start = lookup_d (c, "start");
      gint64 start_samples = (gint64) llround (start * rate);
      ScdTestWav wav;

      g_assert_cmpuint (lookup_u (c, "index"), ==, i);
      g_assert_cmpstr (lookup_s (c, "path"), ==, expected_path);
      g_assert_cmpuint (lookup_u (c, "sample-rate"), ==, rate);
      g_assert_cmpuint (lookup_u (c, "channels"), ==, channels);
      g_assert_cmpuint (samples, >, 0);
      g_assert_cmpfloat_with_epsilon (lookup_d (c, "duration"), (double) samples / rate, 1e-6);

      /* Gapless: chunk i starts total samples after chunk 0, and later by
       * what "gap" says was skipped (a jump too long to fill). */
      skipped += (gint64) llround (lookup_d_or (c, "gap", 0.0) * rate);
      if (i == 0)
        first_start = start_samples;
      else if (start_samples != first_start + (gint64) total + skipped)
        g_error ("chunk %u starts at %.9f s = sample %" G_GINT64_FORMAT ", but the chunks before "
                 "it end at sample %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT " were skipped",
                 i, start, start_samples, first_start + (gint64) total, skipped);
      total += samples;

      g_assert_nonnull (peaks);
      g_assert_cmpuint (g_variant_n_children (peaks), ==, (samples * 10 + rate - 1) / rate);

      scd_test_read_wav (expected_path, &wav, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (wav.sample_rate, ==, rate);
      g_assert_cmpuint (wav.channels, ==, channels);
      g_assert_cmpuint (wav.bits, ==, 16);
      g_assert_cmpuint (wav.samples, ==, samples);
    }
  return total;
}

/* Checks a finished session's chunks everywhere they show. Returns the total
 * samples per channel. */
guint64
scd_test_check_chunks (ScdTestSession *session, guint rate, guint channels)
{
  g_autofree char *dir = scd_test_session_get_directory (session);
  g_autoptr (GVariant) listed = scd_test_session_list_chunks (session);
  guint count = scd_test_session_get_uint (session, SCD_TEST_IFACE_AUDIO, "ChunkCount");
  guint64 total;

  g_assert_cmpuint (scd_test_session_get_uint (session, SCD_TEST_IFACE_AUDIO, "SampleRate"), ==,
                    rate);
  g_assert_cmpuint (scd_test_session_get_uint (session, SCD_TEST_IFACE_AUDIO, "Channels"), ==,
                    channels);
  total = scd_test_check_chunk_files (dir, session->chunks, rate, channels);
  scd_test_assert_entries_match_list (session->chunks, listed, "ListChunks");
  g_assert_cmpuint (count, ==, session->chunks->len);
  return total;
}

/* session.json parses and names the session; state NULL: any. */
void
scd_test_check_manifest_file (const char *dir,
                              const char *id,
                              const char *source,
                              const char *state)
{
  g_autofree char *path = g_build_filename (dir, "session.json", NULL);
  g_autofree char *base = g_path_get_basename (dir);
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;

  g_assert_true (g_path_is_absolute (dir));
  g_assert_cmpstr (base, ==, id);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  root = scd_test_load_json (path);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "id", NULL), ==, id);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "source", NULL), ==, source);
  g_assert_nonnull (json_object_get_string_member_with_default (object, "name", NULL));
  g_assert_true (json_object_has_member (object, "settings"));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "settings")));
  g_assert_true (json_object_has_member (object, "segments"));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "segments")));
  if (state != NULL)
    g_assert_cmpstr (json_object_get_string_member_with_default (object, "state", NULL), ==, state);
}

void
scd_test_check_manifest (ScdTestSession *session, const char *state)
{
  g_autofree char *dir = scd_test_session_get_directory (session);
  g_autofree char *id = scd_test_session_get_string (session, "Id");
  g_autofree char *source = scd_test_session_get_string (session, "Source");

  scd_test_check_manifest_file (dir, id, source, state);
}
