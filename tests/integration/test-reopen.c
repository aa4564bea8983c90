/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * OpenSession() reads files anyone may have put in a session folder:
 * session.json and the frame and chunk indexes. Each hostile one gets an
 * org.scened.Scened1.Error.* at once and the service goes on: no stack
 * overflow on deep nesting, no endless read of /dev/zero, no thread left
 * blocked on a FIFO, no string long enough to break a D-Bus message. And
 * what the service writes itself reads back, at the limits of every
 * option.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-service.h"

#define GOOD_MANIFEST "{\"source\": \"/nonexistent/talk.mp4\", \"state\": \"stopped\"}"

/* A new folder in the data directory's sessions/, named as the service
 * names them, holding nothing yet. */
static char *
make_session_dir (ScdTestService *service)
{
  static guint count;
  g_autofree char *name = g_strdup_printf ("20200101_%06u", ++count);
  char *dir = g_build_filename (service->data_dir, "sessions", name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static void
put_file (const char *dir, const char *name, const char *contents, gssize length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static void
put_special (const char *dir, const char *name, const char *symlink_to)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *folder = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  if (symlink_to != NULL)
    g_assert_cmpint (symlink (symlink_to, path), ==, 0);
  else
    g_assert_cmpint (mkfifo (path, 0600), ==, 0);
}

static GVariant *
open_session (ScdTestService *service, const char *dir, GError **error)
{
  return scd_test_service_call (service, SCD_TEST_MANAGER_PATH, SCD_TEST_IFACE_MANAGER,
                                "OpenSession", g_variant_new ("(s)", dir), G_VARIANT_TYPE ("(o)"),
                                error);
}

static void
expect_open_refused (ScdTestService *service, const char *dir, const char *what)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = open_session (service, dir, &error);

  if (reply != NULL)
    g_error ("OpenSession() of a folder with %s was accepted", what);
  scd_test_assert_scened_error (error, "InvalidArgument");
  g_test_message ("%s: %s", what, error->message);
  g_assert_cmpuint (strlen (error->message), <, 16 * 1024);
}

static void
expect_open_accepted (ScdTestService *service, const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = open_session (service, dir, &error);

  g_assert_no_error (error);
}

/* @depth levels of arrays (or of objects), as a shell one-liner makes
 * them. */
static char *
nested (guint depth, gboolean objects)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, objects ? "{\"a\":" : "[");
  g_string_append (text, "1");
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, objects ? '}' : ']');
  return g_string_free (text, FALSE);
}

/* 80,000 levels of arrays (160 KB) once overflowed the reading thread's
 * stack, in session.json and in either index; a few levels more than the
 * service writes are fine. */
static void
test_deep_nesting (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  g_autofree char *arrays = nested (80000, FALSE);
  g_autofree char *objects = nested (80000, TRUE);
  g_autofree char *shallow = nested (6, FALSE);
  const char *where[] = { "session.json", "frames/index.json", "audio/index.json" };

  for (guint i = 0; i < G_N_ELEMENTS (where); i++)
    for (guint k = 0; k < 2; k++)
      {
        g_autofree char *dir = make_session_dir (service);
        g_autofree char *what = g_strdup_printf ("80,000 levels of %s in %s",
                                                 k == 0 ? "arrays" : "objects", where[i]);

        if (i > 0)
          put_file (dir, "session.json", GOOD_MANIFEST, -1);
        put_file (dir, where[i], k == 0 ? arrays : objects, -1);
        expect_open_refused (service, dir, what);
      }
  {
    g_autofree char *dir = make_session_dir (service);
    g_autofree char *index = g_strdup_printf ("[{\"id\": \"F0001\", \"extra\": %s}]", shallow);

    put_file (dir, "session.json", GOOD_MANIFEST, -1);
    put_file (dir, "frames/index.json", index, -1);
    expect_open_accepted (service, dir);
  }
  scd_test_service_assert_alive (service);
}

/* A 5 MB name in session.json once went out whole in InterfacesAdded and
 * in the Name property; a member name or an index path as long is as bad. */
static void
test_long_strings (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  g_autofree char *huge = g_strnfill (5 * 1024 * 1024, 'n');
  g_autofree char *long_name = g_strdup_printf (
      "{\"name\": \"%s\", \"source\": \"/x.mp4\", \"state\": \"stopped\"}", huge);
  g_autofree char *long_member = g_strdup_printf ("{\"%s\": 1, \"state\": \"stopped\"}", huge);
  g_autofree char *long_path = g_strdup_printf ("[{\"id\": \"F0001\", \"path\": \"%s\"}]", huge);

  {
    g_autofree char *dir = make_session_dir (service);

    put_file (dir, "session.json", long_name, -1);
    expect_open_refused (service, dir, "a 5 MB name in session.json");
  }
  {
    g_autofree char *dir = make_session_dir (service);

    put_file (dir, "session.json", long_member, -1);
    expect_open_refused (service, dir, "a 5 MB member name in session.json");
  }
  {
    g_autofree char *dir = make_session_dir (service);

    put_file (dir, "session.json", GOOD_MANIFEST, -1);
    put_file (dir, "frames/index.json", long_path, -1);
    expect_open_refused (service, dir, "a 5 MB path in frames/index.json");
  }
  scd_test_service_assert_alive (service);
}

/* session.json or an index that never ends (/dev/zero, /dev/urandom) or
 * is larger than any index (a sparse 100 MB file), a directory, a link:
 * refused at once, without reading them. */
static void
test_endless_files (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  const char *devices[] = { "/dev/zero", "/dev/urandom" };
  const char *where[] = { "session.json", "frames/index.json", "audio/index.json" };

  for (guint i = 0; i < G_N_ELEMENTS (where); i++)
    for (guint k = 0; k < G_N_ELEMENTS (devices); k++)
      {
        g_autofree char *dir = make_session_dir (service);
        g_autofree char *what = g_strdup_printf ("%s linked to %s", where[i], devices[k]);

        if (i > 0)
          put_file (dir, "session.json", GOOD_MANIFEST, -1);
        put_special (dir, where[i], devices[k]);
        expect_open_refused (service, dir, what);
      }
  {
    g_autofree char *dir = make_session_dir (service);
    g_autofree char *path = g_build_filename (dir, "frames", "index.json", NULL);

    put_file (dir, "session.json", GOOD_MANIFEST, -1);
    put_file (dir, "frames/index.json", "[", -1);
    g_assert_cmpint (truncate (path, 100 * 1024 * 1024), ==, 0);
    expect_open_refused (service, dir, "a sparse 100 MB frames/index.json");
  }
  {
    g_autofree char *dir = make_session_dir (service);
    g_autofree char *path = g_build_filename (dir, "session.json", NULL);

    g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
    expect_open_refused (service, dir, "a directory for session.json");
  }
  scd_test_service_assert_alive (service);
}

static gboolean
all_done (gpointer data)
{
  GArray *calls = data;

  for (guint i = 0; i < calls->len; i++)
    if (!g_array_index (calls, ScdTestAsyncCall, i).done)
      return FALSE;
  return TRUE;
}

static void
open_session_async (ScdTestService *service, const char *dir, ScdTestAsyncCall *call)
{
  scd_test_service_call_async (service, SCD_TEST_MANAGER_PATH, SCD_TEST_IFACE_MANAGER,
                               "OpenSession", g_variant_new ("(s)", dir), G_VARIANT_TYPE ("(o)"),
                               call);
}

/* A FIFO in place of session.json or an index once blocked OpenSession()
 * for ever, a worker thread each: after about 22 such calls every
 * CreateSession() and OpenSession() hung. Forty at once are each refused,
 * and the service still creates and opens sessions. */
static void
test_fifos (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  g_autoptr (GArray) calls = g_array_new (FALSE, TRUE, sizeof (ScdTestAsyncCall));
  const char *where[] = { "session.json", "frames/index.json", "audio/index.json" };
  const guint n_calls = 40;

  g_array_set_size (calls, n_calls);
  for (guint i = 0; i < n_calls; i++)
    {
      g_autofree char *dir = make_session_dir (service);
      const char *name = where[i % G_N_ELEMENTS (where)];

      if (!g_str_equal (name, "session.json"))
        put_file (dir, "session.json", GOOD_MANIFEST, -1);
      put_special (dir, name, NULL);
      open_session_async (service, dir, &g_array_index (calls, ScdTestAsyncCall, i));
    }
  if (!scd_test_wait_until (all_done, calls, scd_test_timeout_ms (20000)))
    g_error ("OpenSession() of folders with FIFOs did not all return");
  for (guint i = 0; i < n_calls; i++)
    {
      ScdTestAsyncCall *call = &g_array_index (calls, ScdTestAsyncCall, i);

      g_assert_null (call->reply);
      scd_test_assert_scened_error (call->error, "InvalidArgument");
      scd_test_async_call_clear (call);
    }
  {
    g_autofree char *dir = make_session_dir (service);
    g_autofree char *source = g_build_filename (service->tmp_dir, "not-opened.mp4", NULL);
    g_autoptr (ScdTestSession) created = NULL;
    g_autoptr (GError) error = NULL;

    put_file (dir, "session.json", GOOD_MANIFEST, -1);
    expect_open_accepted (service, dir);
    g_file_set_contents (source, "x", -1, &error);
    g_assert_no_error (error);
    created = scd_test_session_create (service, g_variant_new_parsed ("{'source': <%s>}", source),
                                       &error);
    g_assert_no_error (error);
  }
  scd_test_service_assert_alive (service);
}

/* A file path of 4,090 bytes (PATH_MAX is 4,096 with its NUL): folders of
 * 200 characters under the test's own, then a long file name. */
static char *
make_long_path (ScdTestService *service)
{
  g_autofree char *part = g_strnfill (200, 'd');
  g_autofree char *file_name = NULL;
  GString *path = g_string_new (service->tmp_dir);

  while (path->len + 201 < 4090 - 60)
    g_string_append_printf (path, "/%s", part);
  g_assert_cmpint (g_mkdir_with_parents (path->str, 0700), ==, 0);
  file_name = g_strnfill (4090 - path->len - 1 - strlen (".mp4"), 'f');
  g_string_append_printf (path, "/%s.mp4", file_name);
  g_assert_cmpuint (path->len, ==, 4090);
  return g_string_free (path, FALSE);
}

/* The longest name (4096 bytes, of control and multi-byte characters: as
 * JSON, several times as long), a source path of 4,090 bytes whose Error
 * quotes it (longer than any string read back: it is cut), every number at the
 * smallest its option takes and a threshold of 1e-8 (json-glib writes it
 * as "1e-08.0", which is no JSON): the session reopens, as it was. */
static void
test_written_reads_back (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  g_autofree char *source = make_long_path (service);
  g_autoptr (GString) name = g_string_new (NULL);
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScdTestSession) reopened = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *error_text = NULL;
  g_autofree char *reopened_error = NULL;
  g_autofree char *reopened_name = NULL;

  /* Not g_file_set_contents(): its temporary name would be too long. */
  {
    FILE *file = fopen (source, "w");

    g_assert_nonnull (file);
    fputs ("not media at all", file);
    g_assert_cmpint (fclose (file), ==, 0);
  }
  while (name->len + strlen ("\x01é") <= 4096)
    g_string_append (name, "\x01é");
  while (name->len < 4096)
    g_string_append_c (name, 'n');

  session = scd_test_session_create (
      service,
      g_variant_new_parsed ("{'source': <%s>, 'name': <%s>, 'scene-threshold': <1e-8>, "
                            "'min-scene-length': <1e-10>}",
                            source, name->str),
      &error);
  g_assert_no_error (error);
  scd_test_session_start (session, &error);
  g_assert_no_error (error);
  g_assert_true (scd_test_session_wait_state (session, "failed", scd_test_timeout_ms (30000)));
  error_text = scd_test_session_get_string (session, "Error");
  g_test_message ("Error: %.120s… (%zu bytes)", error_text, strlen (error_text));
  g_assert_cmpuint (strlen (error_text), <=, 4096);
  g_assert_true (g_str_has_suffix (error_text, "…"));
  g_assert_true (g_utf8_validate (error_text, -1, NULL));
  dir = scd_test_session_get_directory (session);
  scd_test_session_close (session, &error);
  g_assert_no_error (error);

  reopened = scd_test_session_open (service, dir);
  reopened_error = scd_test_session_get_string (reopened, "Error");
  reopened_name = scd_test_session_get_string (reopened, "Name");
  g_assert_cmpstr (reopened->state, ==, "failed");
  g_assert_cmpstr (reopened_error, ==, error_text);
  {
    g_autofree char *name = scd_test_session_get_string (session, "ErrorName");
    g_autofree char *reopened_name_of_error = scd_test_session_get_string (reopened, "ErrorName");

    g_assert_cmpstr (name, ==, "org.scened.Scened1.Error.SourceUnavailable");
    g_assert_cmpstr (reopened_name_of_error, ==, name);
  }
  g_assert_cmpstr (reopened_name, ==, name->str);
  g_assert_cmpfloat_with_epsilon (
      scd_test_session_get_double (reopened, SCD_TEST_IFACE_DETECTOR, "Threshold"), 1e-8, 1e-20);
  g_assert_cmpfloat_with_epsilon (
      scd_test_session_get_double (reopened, SCD_TEST_IFACE_DETECTOR, "MinSceneLength"), 1e-10,
      1e-22);
  scd_test_service_assert_alive (service);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
exists_in (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* What a killed service left half-written (a chunk's .part, the temporary
 * copies of JSON files) was never cleaned: OpenSession removes it, and
 * nothing else; but never in a session that is on the bus, which may be
 * writing them. */
static void
test_leftovers (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  g_autofree char *dir = make_session_dir (service);
  const char *gone[] = { "session.json.AbC123", "audio/chunk_0001.wav.part",
                         "frames/index.json.x1Y2z3", "proxies/segment_0001-360p.mkv.part" };
  const char *kept[] = { "audio/chunk_0000.wav", "notes.txt", "frames/index.json.bak",
                         "session.json" };

  put_file (dir, "session.json", GOOD_MANIFEST, -1);
  put_file (dir, "frames/index.json", "[]", -1);
  for (guint i = 0; i < G_N_ELEMENTS (gone); i++)
    put_file (dir, gone[i], "half", -1);
  for (guint i = 1; i < G_N_ELEMENTS (kept); i++)
    put_file (dir, kept[i - 1], "whole", -1);
  expect_open_accepted (service, dir);
  for (guint i = 0; i < G_N_ELEMENTS (gone); i++)
    if (exists_in (dir, gone[i]))
      g_error ("%s is still there", gone[i]);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    if (!exists_in (dir, kept[i]))
      g_error ("%s was removed", kept[i]);

  if (clip != NULL)
    {
      g_autoptr (ScdTestSession) running = scd_test_session_start_file (
          service, clip->path, g_variant_new_parsed ("{'realtime': <true>}"));
      g_autofree char *running_dir = scd_test_session_get_directory (running);
      g_autofree char *part = g_build_filename (running_dir, "audio", "chunk_0000.wav.part", NULL);
      g_autoptr (GError) error = NULL;

      /* The first chunk is open once the first samples are in. */
      g_assert_true (scd_test_wait_until (file_exists, part, scd_test_timeout_ms (20000)));
      expect_open_accepted (service, running_dir);
      g_assert_true (exists_in (running_dir, "audio/chunk_0000.wav.part"));
      scd_test_session_stop (running, &error);
      g_assert_no_error (error);
    }
  scd_test_service_assert_alive (service);
}

/* An audio index written before chunks said where they were cut and what
 * they hold (no "boundary", "speech", "silent" or levels) still opens,
 * its chunks listed with the keys they have. */
static void
test_older_chunk_index (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  g_autofree char *dir = make_session_dir (service);
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariant) chunks = NULL;
  g_autoptr (GVariant) list = NULL;
  g_autoptr (GVariant) chunk = NULL;
  const char *path;
  double start = -1.0;
  double duration = -1.0;

  put_file (dir, "session.json", GOOD_MANIFEST, -1);
  put_file (dir, "audio/index.json",
            "[\n{\"index\":0,\"path\":\"/nonexistent/chunk_0000.wav\",\"start\":0.0,"
            "\"duration\":30.0,\"samples\":480000},\n"
            "{\"index\":1,\"path\":\"/nonexistent/chunk_0001.wav\",\"start\":30.0,"
            "\"duration\":12.5,\"samples\":200000}\n]\n",
            -1);
  reply = open_session (service, dir, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(&o)", &path);
  chunks = scd_test_service_call (service, path, "org.scened.Scened1.AudioExtractor", "ListChunks",
                                  g_variant_new ("(uu)", 0, 10), G_VARIANT_TYPE ("(aa{sv})"),
                                  &error);
  g_assert_no_error (error);
  list = g_variant_get_child_value (chunks, 0);
  g_assert_cmpuint (g_variant_n_children (list), ==, 2);
  chunk = g_variant_get_child_value (list, 1);
  g_assert_true (g_variant_lookup (chunk, "start", "d", &start));
  g_assert_true (g_variant_lookup (chunk, "duration", "d", &duration));
  g_assert_cmpfloat (start, ==, 30.0);
  g_assert_cmpfloat (duration, ==, 12.5);
  g_assert_false (g_variant_lookup (chunk, "boundary", "&s", NULL));
}

/* Indexes and a manifest written before entries said when their media
 * arrived (no "wallclock", no "started-wallclock") still open; an entry
 * that has one lists it as written, to the microsecond. */
static void
test_older_index_no_wallclock (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  g_autofree char *dir = make_session_dir (service);
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariant) frames = NULL;
  g_autoptr (GVariant) list = NULL;
  g_autoptr (GVariant) old = NULL;
  g_autoptr (GVariant) new = NULL;
  const char *path;
  gint64 when = 0;

  put_file (dir, "session.json", GOOD_MANIFEST, -1);
  put_file (
      dir, "frames/index.json",
      "[\n{\"id\":\"F0001\",\"index\":0,\"timestamp\":0.0,\"path\":\"/nonexistent/F0001.jpg\","
      "\"score\":0.0,\"reason\":\"first\",\"width\":64,\"height\":48},\n"
      "{\"id\":\"F0002\",\"index\":1,\"timestamp\":2.0,\"path\":\"/nonexistent/F0002.jpg\","
      "\"score\":40.0,\"reason\":\"scene\",\"width\":64,\"height\":48,"
      "\"wallclock\":1700000000123456}\n]\n",
      -1);
  reply = open_session (service, dir, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(&o)", &path);
  frames = scd_test_service_call (service, path, "org.scened.Scened1.SceneDetector", "ListFrames",
                                  g_variant_new ("(uu)", 0, 10), G_VARIANT_TYPE ("(aa{sv})"),
                                  &error);
  g_assert_no_error (error);
  list = g_variant_get_child_value (frames, 0);
  g_assert_cmpuint (g_variant_n_children (list), ==, 2);
  old = g_variant_get_child_value (list, 0);
  new = g_variant_get_child_value (list, 1);
  g_assert_false (g_variant_lookup (old, "wallclock", "x", NULL));
  g_assert_true (g_variant_lookup (new, "wallclock", "x", &when));
  g_assert_cmpint (when, ==, G_GINT64_CONSTANT (1700000000123456));
}

int
main (int argc, char **argv)
{
  scd_test_init (&argc, &argv);
  g_test_add_func ("/reopen/deep-nesting", test_deep_nesting);
  g_test_add_func ("/reopen/long-strings", test_long_strings);
  g_test_add_func ("/reopen/endless-files", test_endless_files);
  g_test_add_func ("/reopen/fifos", test_fifos);
  g_test_add_func ("/reopen/written-reads-back", test_written_reads_back);
  g_test_add_func ("/reopen/leftovers", test_leftovers);
  g_test_add_func ("/reopen/older-chunk-index", test_older_chunk_index);
  g_test_add_func ("/reopen/older-index-no-wallclock", test_older_index_no_wallclock);
  return g_test_run ();
}
