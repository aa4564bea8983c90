/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scenectl against the real service on a private bus (tests/common): what
 * analyze prints, as text and as JSON Lines, must be every frame and chunk
 * the service wrote, in order, with files that exist; frames and chunks
 * print the same lines afterwards; a source the service refuses exits
 * with 1 and its error; Ctrl-C stops the session cleanly; monitor sees
 * every signal. The service's own counts (FrameCount, ChunkCount,
 * ListFrames) are the reference.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-sender.h"
#include "scd-test-service.h"
#include "scenectl-test-run.h"

#define ANALYZE_TIMEOUT_MS 120000
#define SESSION_PREFIX SCD_TEST_MANAGER_PATH "/session/"

/* The whitespace-separated words of a line. */
static GStrv
words (const char *line)
{
  g_auto (GStrv) parts = g_strsplit_set (line, " ", -1);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (char **p = parts; *p != NULL; p++)
    if (**p != '\0')
      g_strv_builder_add (builder, *p);

  return g_strv_builder_end (builder);
}

/* What `scenectl analyze` printed, taken apart and checked line by line. */
typedef struct
{
  char *id;
  GPtrArray *frame_lines;
  GPtrArray *frame_ids;
  GPtrArray *chunk_lines;
} Printed;

static void
printed_free (Printed *p)
{
  g_free (p->id);
  g_ptr_array_unref (p->frame_lines);
  g_ptr_array_unref (p->frame_ids);
  g_ptr_array_unref (p->chunk_lines);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Printed, printed_free)

static Printed *
parse_text (ScenectlTestProc *proc)
{
  g_autoptr (Printed) p = g_new0 (Printed, 1);
  g_auto (GStrv) lines = scenectl_test_lines (proc->out->str);
  guint n_lines = g_strv_length (lines);

  p->frame_lines = g_ptr_array_new_with_free_func (g_free);
  p->frame_ids = g_ptr_array_new_with_free_func (g_free);
  p->chunk_lines = g_ptr_array_new_with_free_func (g_free);

  if (n_lines < 2)
    scenectl_test_dump (proc);
  g_assert_cmpuint (n_lines, >=, 2);

  for (guint i = 0; i < n_lines; i++)
    {
      g_auto (GStrv) w = words (lines[i]);
      guint n = g_strv_length (w);

      if (i == 0)
        {
          /* session ID  DIRECTORY */
          g_assert_cmpstr (w[0], ==, "session");
          g_assert_cmpuint (n, ==, 3);
          g_assert_true (g_file_test (w[2], G_FILE_TEST_IS_DIR));
          p->id = g_strdup (w[1]);
        }
      else if (g_str_equal (w[0], "frame"))
        {
          /* frame F0001  0.000s  first  score  0.0  PATH */
          g_autofree char *expected_id = g_strdup_printf ("F%04u", p->frame_lines->len + 1);

          g_assert_cmpuint (n, ==, 7);
          g_assert_cmpstr (w[1], ==, expected_id);
          g_assert_true (g_str_has_suffix (w[2], "s"));
          g_assert_true (scd_test_is_frame_reason (w[3]));
          g_assert_cmpstr (w[4], ==, "score");
          g_assert_true (g_path_is_absolute (w[6]));
          g_assert_true (g_file_test (w[6], G_FILE_TEST_IS_REGULAR));
          g_ptr_array_add (p->frame_lines, g_strdup (lines[i]));
          g_ptr_array_add (p->frame_ids, g_strdup (w[1]));
        }
      else if (g_str_equal (w[0], "chunk"))
        {
          /* chunk 0  0.000s +2.000s  32000 samples  max   100% speech
           * -10.5/-13.5 dBFS  PATH (or "silent" for "100% speech") */
          g_autofree char *expected_index = g_strdup_printf ("%u", p->chunk_lines->len);

          g_assert_cmpuint (n, >=, 10);
          g_assert_cmpstr (w[1], ==, expected_index);
          g_assert_true (g_str_has_prefix (w[3], "+"));
          g_assert_cmpstr (w[5], ==, "samples");
          g_assert_true (g_str_equal (w[6], "pause") || g_str_equal (w[6], "max")
                         || g_str_equal (w[6], "end"));
          g_assert_cmpstr (w[n - 2], ==, "dBFS");
          g_assert_true (g_file_test (w[n - 1], G_FILE_TEST_IS_REGULAR));
          g_ptr_array_add (p->chunk_lines, g_strdup (lines[i]));
        }
      else if (g_str_equal (w[0], "state"))
        {
          g_assert_cmpuint (n, ==, 2);
        }
      else
        {
          scenectl_test_dump (proc);
          g_error ("unexpected line %u: %s", i, lines[i]);
        }
    }

  /* The end is the session's end. */
  g_assert_cmpstr (lines[n_lines - 1], ==, "state stopped");

  return g_steal_pointer (&p);
}

static ScdTestSession *
session_for_id (ScdTestService *service, const char *id)
{
  g_autofree char *path = g_strconcat (SESSION_PREFIX, id, NULL);

  return scd_test_session_new_for_path (service, path);
}

/* The SESSION argument for scenectl: the last part of the object path. */
static char *
id_of (ScdTestSession *session)
{
  return g_strdup (session->path + strlen (SESSION_PREFIX));
}

/* The service counted as many frames and chunks as scenectl printed. */
static void
assert_counts (ScdTestSession *session, guint n_frames, guint n_chunks)
{
  g_assert_cmpuint (scd_test_session_get_uint (session, SCD_TEST_IFACE_DETECTOR, "FrameCount"), ==,
                    n_frames);
  g_assert_cmpuint (scd_test_session_get_uint (session, SCD_TEST_IFACE_AUDIO, "ChunkCount"), ==,
                    n_chunks);
}

/* The service's own view of the session agrees with what was printed. */
static void
assert_matches_service (ScdTestSession *session, Printed *p)
{
  g_autoptr (GVariant) frames = scd_test_session_list_frames (session);

  assert_counts (session, p->frame_lines->len, p->chunk_lines->len);
  g_assert_cmpuint (g_variant_n_children (frames), ==, p->frame_ids->len);
  for (guint i = 0; i < p->frame_ids->len; i++)
    {
      g_autoptr (GVariant) frame = g_variant_get_child_value (frames, i);
      const char *id = NULL;

      g_assert_true (g_variant_lookup (frame, "id", "&s", &id));
      g_assert_cmpstr (id, ==, g_ptr_array_index (p->frame_ids, i));
    }
}

static void
assert_lines_equal (ScenectlTestProc *proc, GPtrArray *expected)
{
  g_auto (GStrv) lines = scenectl_test_lines (proc->out->str);

  scenectl_test_assert_status (proc, 0);
  if (g_strv_length (lines) != expected->len)
    scenectl_test_dump (proc);
  g_assert_cmpuint (g_strv_length (lines), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (lines[i], ==, g_ptr_array_index (expected, i));
}

/* "  Label:   value" in status' text output. */
static void
assert_field (ScenectlTestProc *proc, const char *label, const char *value)
{
  g_auto (GStrv) lines = scenectl_test_lines (proc->out->str);
  g_autofree char *start = g_strdup_printf ("  %s:", label);

  for (char **l = lines; *l != NULL; l++)
    {
      if (!g_str_has_prefix (*l, start))
        continue;
      if (g_strcmp0 (g_strstrip (*l + strlen (start)), value) != 0)
        scenectl_test_dump (proc);
      g_assert_cmpstr (*l + strlen (start), ==, value);
      return;
    }

  scenectl_test_dump (proc);
  g_error ("no field “%s” in the status", label);
}

static void
test_analyze_text (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScenectlTestProc) proc = NULL;
  g_autoptr (Printed) p = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();

  proc = scenectl_test_runv (
      NULL, NULL, (const char *const[]){ "analyze", "--chunk-seconds", "2", clip->path, NULL },
      ANALYZE_TIMEOUT_MS);
  scenectl_test_assert_status (proc, 0);
  /* stderr is not a terminal here: no progress line, nothing at all. */
  g_assert_cmpstr (proc->err->str, ==, "");

  p = parse_text (proc);
  g_assert_cmpuint (p->frame_lines->len, >=, 1);
  /* 6.2 s of audio in 2 s chunks, which end in the tone's pauses from
   * 1.3 s on, a last piece under 1.3 s joining the one before: 3 or 4. */
  g_assert_cmpuint (p->chunk_lines->len, >=, 3);
  g_assert_cmpuint (p->chunk_lines->len, <=, 4);

  session = session_for_id (service, p->id);
  g_assert_cmpstr (session->state, ==, "stopped");
  assert_matches_service (session, p);

  /* frames and chunks print exactly what analyze printed. */
  {
    g_autoptr (ScenectlTestProc) frames = scenectl_test_run (NULL, "frames", p->id, NULL);
    g_autoptr (ScenectlTestProc) chunks = scenectl_test_run (NULL, "chunks", p->id, NULL);
    guint n_chunks = p->chunk_lines->len;
    g_autofree char *first = g_strdup_printf ("%u", n_chunks - 1);
    g_autoptr (ScenectlTestProc)
        last = scenectl_test_run (NULL, "chunks", "--first", first, "--count", "5", p->id, NULL);
    g_autoptr (GPtrArray) last_lines = g_ptr_array_new ();

    assert_lines_equal (frames, p->frame_lines);
    assert_lines_equal (chunks, p->chunk_lines);
    g_ptr_array_add (last_lines, g_ptr_array_index (p->chunk_lines, n_chunks - 1));
    assert_lines_equal (last, last_lines);
  }

  /* list and status know it, by id and by object path. */
  {
    g_autofree char *path = g_strconcat (SESSION_PREFIX, p->id, NULL);
    g_autofree char *n_frames = g_strdup_printf ("%u", p->frame_lines->len);
    g_autofree char *n_chunks = g_strdup_printf ("%u", p->chunk_lines->len);
    g_autoptr (ScenectlTestProc) list = scenectl_test_run (NULL, "list", NULL);
    g_autoptr (ScenectlTestProc) status = scenectl_test_run (NULL, "status", path, NULL);
    g_auto (GStrv) list_lines = NULL;

    scenectl_test_assert_status (list, 0);
    list_lines = scenectl_test_lines (list->out->str);
    g_assert_cmpuint (g_strv_length (list_lines), ==, 2);
    g_assert_true (g_str_has_prefix (list_lines[0], "ID "));
    g_assert_true (g_str_has_prefix (list_lines[1], p->id));
    g_assert_nonnull (strstr (list_lines[1], " stopped "));
    g_assert_true (g_str_has_suffix (list_lines[1], clip->path));

    scenectl_test_assert_status (status, 0);
    assert_field (status, "Object path", path);
    assert_field (status, "Overruns", "0");
    assert_field (status, "Source", clip->path);
    assert_field (status, "State", "stopped");
    assert_field (status, "Scene frames", n_frames);
    assert_field (status, "Audio chunks", n_chunks);
    assert_field (status, "Chunk duration", "2.000 s");
  }
}

static JsonObject *
parse_json_line (const char *line)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (line, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return json_object_ref (json_node_get_object (node));
}

static void
test_analyze_json (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScenectlTestProc) proc = NULL;
  g_autoptr (JsonObject) last = NULL;
  g_auto (GStrv) lines = NULL;
  g_autofree char *id = NULL;
  guint n_frames = 0;
  guint n_chunks = 0;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();

  proc = scenectl_test_runv (NULL, NULL,
                             (const char *const[]){ "--json", "analyze", clip->path, NULL },
                             ANALYZE_TIMEOUT_MS);
  scenectl_test_assert_status (proc, 0);
  g_assert_cmpstr (proc->err->str, ==, "");

  lines = scenectl_test_lines (proc->out->str);
  g_assert_cmpuint (g_strv_length (lines), >=, 3);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (JsonObject) event = parse_json_line (lines[i]);
      const char *kind = json_object_get_string_member (event, "event");

      g_assert_nonnull (kind);
      if (i == 0)
        {
          g_assert_cmpstr (kind, ==, "session");
          id = g_strdup (json_object_get_string_member (event, "id"));
          g_assert_true (g_str_has_prefix (json_object_get_string_member (event, "object-path"),
                                           SESSION_PREFIX));
          g_assert_true (
              g_file_test (json_object_get_string_member (event, "directory"), G_FILE_TEST_IS_DIR));
        }
      else if (g_str_equal (kind, "frame"))
        {
          g_assert_cmpint (json_object_get_int_member (event, "index"), ==, n_frames);
          g_assert_cmpint (json_object_get_int_member (event, "width"), ==, clip->width);
          g_assert_cmpint (json_object_get_int_member (event, "height"), ==, clip->height);
          g_assert_true (json_object_has_member (event, "timestamp"));
          g_assert_true (json_object_has_member (event, "score"));
          g_assert_nonnull (json_object_get_string_member (event, "reason"));
          g_assert_true (
              g_file_test (json_object_get_string_member (event, "path"), G_FILE_TEST_IS_REGULAR));
          n_frames++;
        }
      else if (g_str_equal (kind, "chunk"))
        {
          g_assert_cmpint (json_object_get_int_member (event, "index"), ==, n_chunks);
          g_assert_cmpint (json_object_get_int_member (event, "samples"), >, 0);
          g_assert_true (json_object_has_member (event, "start"));
          g_assert_true (json_object_has_member (event, "duration"));
          g_assert_true (
              g_file_test (json_object_get_string_member (event, "path"), G_FILE_TEST_IS_REGULAR));
          n_chunks++;
        }
      else
        {
          g_assert_cmpstr (kind, ==, "state");
          g_assert_nonnull (json_object_get_string_member (event, "state"));
        }
    }

  last = parse_json_line (lines[g_strv_length (lines) - 1]);
  g_assert_cmpstr (json_object_get_string_member (last, "event"), ==, "state");
  g_assert_cmpstr (json_object_get_string_member (last, "state"), ==, "stopped");
  g_assert_false (json_object_has_member (last, "error"));
  g_assert_cmpuint (n_frames, >=, 1);
  g_assert_cmpuint (n_chunks, >=, 1);

  session = session_for_id (service, id);
  assert_counts (session, n_frames, n_chunks);

  /* --json status agrees. */
  {
    g_autoptr (ScenectlTestProc) status = scenectl_test_run (NULL, "status", "--json", id, NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) node = NULL;
    JsonObject *object;

    scenectl_test_assert_status (status, 0);
    node = json_from_string (status->out->str, &error);
    g_assert_no_error (error);
    object = json_node_get_object (node);
    g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "stopped");
    g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, clip->path);
    g_assert_cmpint (json_object_get_int_member (object, "overruns"), ==, 0);
    g_assert_cmpfloat (json_object_get_double_member (object, "proxy-progress"), ==, -1.0);
    g_assert_cmpint (json_object_get_int_member (object, "frame-count"), ==, n_frames);
    g_assert_cmpint (json_object_get_int_member (object, "chunk-count"), ==, n_chunks);
  }
}

/* A relative FILE is made absolute by the client, as the service wants. */
static void
test_analyze_relative (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScenectlTestProc) proc = NULL;
  g_autoptr (Printed) p = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *source = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  dir = g_path_get_dirname (clip->path);
  base = g_path_get_basename (clip->path);
  absolute = g_canonicalize_filename (clip->path, NULL);

  proc = scenectl_test_runv (dir, NULL, (const char *const[]){ "analyze", base, NULL },
                             ANALYZE_TIMEOUT_MS);
  scenectl_test_assert_status (proc, 0);
  p = parse_text (proc);

  session = session_for_id (service, p->id);
  source = scd_test_session_get_string (session, "Source");
  g_assert_cmpstr (source, ==, absolute);
}

static void
assert_refused (const char *const *args, const char *needle)
{
  g_autoptr (ScenectlTestProc) proc = scenectl_test_runv (NULL, NULL, args, ANALYZE_TIMEOUT_MS);
  g_auto (GStrv) lines = NULL;

  scenectl_test_assert_status (proc, 1);
  scenectl_test_assert_err_contains (proc, "scenectl analyze: ");
  scenectl_test_assert_err_contains (proc, needle);
  /* The message, not the D-Bus error name in front of it. */
  g_assert_null (strstr (proc->err->str, "GDBus.Error"));
  g_assert_null (strstr (proc->err->str, "org.scened.Scened1.Error"));

  /* Refused at CreateSession (nothing printed), or a session that went to
   * "failed" (and said so last). */
  lines = scenectl_test_lines (proc->out->str);
  if (lines[0] != NULL)
    {
      const char *last = lines[g_strv_length (lines) - 1];

      if (strstr (last, "failed") == NULL)
        scenectl_test_dump (proc);
      g_assert_nonnull (strstr (last, "failed"));
    }
}

static void
test_analyze_refused (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  const char *not_media;

  assert_refused ((const char *const[]){ "analyze", "/nonexistent.mp4", NULL }, "/nonexistent.mp4");
  assert_refused ((const char *const[]){ "--json", "analyze", "/nonexistent.mp4", NULL },
                  "/nonexistent.mp4");

  not_media = scd_test_media_not_media ();
  if (not_media != NULL)
    assert_refused ((const char *const[]){ "analyze", not_media, NULL }, "");

  /* The service is still there for the next client. */
  scd_test_service_assert_alive (service);
}

/* The service's errors come in the caller's language (Manager.SetLocale,
 * which scenectl calls with its LC_MESSAGES), whatever the service's own:
 * here the service runs in English and one scenectl in German; the
 * message comes from the thread that checks the file. Another client
 * still gets English. */
static void
test_analyze_caller_language (void)
{
  g_autofree char *locpath = scenectl_test_german_locale ();
  g_autofree char *locpath_env = g_strconcat ("LOCPATH=", locpath, NULL);
  g_autofree char *localedir_env = g_strconcat ("SCENED_LOCALEDIR=", g_getenv ("SCENED_LOCALEDIR"),
                                                NULL);
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScenectlTestProc) german = NULL;
  g_autoptr (ScenectlTestProc) english = NULL;

  if (locpath == NULL)
    {
      g_test_skip ("localedef could not build de_DE.UTF-8 here (no locale sources)");
      return;
    }
  service = scd_test_service_start_with_env (
      (const char *const[]){ locpath_env, localedir_env, "LC_ALL=C.UTF-8", NULL });
  german = scenectl_test_runv (
      NULL, (const char *const[]){ locpath_env, "LC_ALL=de_DE.UTF-8", NULL },
      (const char *const[]){ "analyze", "/nonexistent.mp4", NULL }, ANALYZE_TIMEOUT_MS);
  scenectl_test_assert_status (german, 1);
  scenectl_test_assert_err_contains (german, "„/nonexistent.mp4“ existiert nicht");

  english = scenectl_test_runv (
      NULL, NULL, (const char *const[]){ "analyze", "/nonexistent.mp4", NULL }, ANALYZE_TIMEOUT_MS);
  scenectl_test_assert_status (english, 1);
  scenectl_test_assert_err_contains (english, "“/nonexistent.mp4” does not exist");
  scd_test_service_assert_alive (service);
  scenectl_test_remove_tree (locpath);
}

/* Ctrl-C stops the session through Stop(), and the client exits 130 once
 * it has stopped, having printed everything the session wrote and said
 * that the analysis is partial (it once exited 0). */
static void
test_analyze_interrupt (void)
{
  const ScdTestClip *clip = scd_test_media_long_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScenectlTestProc) proc = NULL;
  g_autoptr (Printed) p = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();

  /* Interrupted once the first frame is out, so that there are frames
   * from before the stop to check against the service. */
  proc = scenectl_test_spawn (NULL, NULL, (const char *const[]){ "analyze", clip->path, NULL });
  if (!scenectl_test_wait_output (proc, "\nframe F0001 ", ANALYZE_TIMEOUT_MS))
    {
      scenectl_test_wait_exit (proc, 1000);
      scenectl_test_dump (proc);
      g_error ("analyze never printed its first frame");
    }
  scenectl_test_interrupt (proc);
  scenectl_test_wait_exit (proc, ANALYZE_TIMEOUT_MS);

  scenectl_test_assert_status (proc, 130);
  scenectl_test_assert_err_contains (proc, "Stopping the session");
  scenectl_test_assert_err_contains (proc, "the analysis is partial");
  p = parse_text (proc);
  g_assert_cmpuint (p->frame_lines->len, >=, 1);

  session = session_for_id (service, p->id);
  g_assert_cmpstr (session->state, ==, "stopped");
  assert_matches_service (session, p);
  /* Really stopped early, not run to the end. */
  g_assert_cmpfloat (scd_test_session_get_double (session, SCD_TEST_IFACE_SESSION, "Position"), <,
                     clip->duration - 1.0);
}

/* set, stop and close on a finished session, and a session that is not;
 * all on a session made "shared" (the test made it, not scenectl), and
 * refused, clearly, on one that is not. */
static void
test_session_commands (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GVariant) threshold = NULL;
  g_autofree char *id = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, clip->path,
                                       g_variant_new_parsed ("{'shared': <true>}"));
  id = id_of (session);

  {
    g_autoptr (ScdTestSession) theirs = scd_test_session_create_file (service, clip->path, NULL);
    g_autofree char *their_id = id_of (theirs);
    g_autoptr (ScenectlTestProc) proc = scenectl_test_run (NULL, "stop", their_id, NULL);

    scenectl_test_assert_status (proc, 1);
    scenectl_test_assert_err_contains (proc, "belongs to another client");
    g_assert_cmpstr (theirs->state, ==, "created");
    scd_test_session_close (theirs, NULL);
  }

  {
    g_autoptr (ScenectlTestProc)
        proc = scenectl_test_run (NULL, "set", id, "threshold", "21.5", NULL);
    g_autofree char *expected = g_strdup_printf ("threshold of session %s set to 21.5.\n", id);

    scenectl_test_assert_status (proc, 0);
    g_assert_cmpstr (proc->out->str, ==, expected);
    threshold = scd_test_session_get (session, SCD_TEST_IFACE_DETECTOR, "Threshold");
    g_assert_cmpfloat (g_variant_get_double (threshold), ==, 21.5);
  }

  {
    /* Out of range: refused one way or another, and said so. */
    g_autoptr (ScenectlTestProc)
        proc = scenectl_test_run (NULL, "set", id, "threshold", "500", NULL);
    g_autoptr (GVariant) after = NULL;

    scenectl_test_assert_status (proc, 1);
    g_assert_cmpstr (proc->out->str, ==, "");
    scenectl_test_assert_err_contains (proc, "scenectl set: ");
    after = scd_test_session_get (session, SCD_TEST_IFACE_DETECTOR, "Threshold");
    g_assert_cmpfloat (g_variant_get_double (after), ==, 21.5);
  }

  {
    /* Regions as X,Y,W,H, several joined by ";"; one that is no rectangle
     * is refused before the service is asked. */
    g_autoptr (ScenectlTestProc) proc = scenectl_test_run (NULL, "set", id, "exclude-regions",
                                                           "0.8,0,0.2,0.1; 10,20,30,40", NULL);
    g_autoptr (ScenectlTestProc)
        watch = scenectl_test_run (NULL, "set", id, "watch-region", "0,0,0.5,1", NULL);
    g_autoptr (ScenectlTestProc)
        bad = scenectl_test_run (NULL, "set", id, "exclude-regions", "0.8,0,0.2", NULL);
    g_autoptr (GVariant) exclude = NULL;
    g_autoptr (GVariant) region = NULL;
    double x, y, w, h;

    scenectl_test_assert_status (proc, 0);
    g_assert_true (g_str_has_suffix (proc->out->str, " set to 0.8,0,0.2,0.1; 10,20,30,40.\n"));
    scenectl_test_assert_status (watch, 0);
    exclude = scd_test_session_get (session, SCD_TEST_IFACE_DETECTOR, "ExcludeRegions");
    g_assert_cmpuint (g_variant_n_children (exclude), ==, 2);
    g_variant_get_child (exclude, 1, "(dddd)", &x, &y, &w, &h);
    g_assert_cmpfloat (x, ==, 10.0);
    g_assert_cmpfloat (h, ==, 40.0);
    region = scd_test_session_get (session, SCD_TEST_IFACE_DETECTOR, "WatchRegion");
    g_variant_get (region, "(dddd)", &x, &y, &w, &h);
    g_assert_cmpfloat (w, ==, 0.5);
    scenectl_test_assert_status (bad, 2);
    scenectl_test_assert_err_contains (bad, "X,Y,WIDTH,HEIGHT");
  }

  {
    /* A proxy of the file: its path, then the same path at once. */
    g_autoptr (ScenectlTestProc)
        proc = scenectl_test_run (NULL, "proxy", id, "--height", "96", NULL);
    g_autoptr (ScenectlTestProc)
        json = scenectl_test_run (NULL, "--json", "proxy", id, "-H", "96", NULL);

    scenectl_test_assert_status (proc, 0);
    g_assert_true (g_str_has_suffix (proc->out->str, "/proxies/cuts-96p.mkv\n"));
    g_assert_true (g_file_test (g_strstrip (proc->out->str), G_FILE_TEST_IS_REGULAR));
    scenectl_test_assert_status (json, 0);
    scenectl_test_assert_out_contains (json, "cuts-96p.mkv\"");
    g_assert_true (g_str_has_prefix (g_strstrip (json->out->str), "["));
  }

  {
    g_autoptr (ScenectlTestProc) proc = scenectl_test_run (NULL, "stop", id, NULL);
    g_autofree char *expected = g_strdup_printf ("Session %s stopped.\n", id);

    scenectl_test_assert_status (proc, 0);
    g_assert_cmpstr (proc->out->str, ==, expected);
  }

  {
    g_autoptr (ScenectlTestProc) proc = scenectl_test_run (NULL, "--json", "close", id, NULL);
    g_autoptr (ScenectlTestProc) list = NULL;
    g_autoptr (JsonNode) node = NULL;
    g_autoptr (GError) error = NULL;

    scenectl_test_assert_status (proc, 0);
    scenectl_test_assert_out_contains (proc, "\"object-path\" : \"" SESSION_PREFIX);
    list = scenectl_test_run (NULL, "--json", "list", NULL);
    scenectl_test_assert_status (list, 0);
    node = json_from_string (list->out->str, &error);
    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 0);
  }

  {
    g_autoptr (ScenectlTestProc) proc = scenectl_test_run (NULL, "status", "20000101_000000", NULL);

    scenectl_test_assert_status (proc, 1);
    g_assert_cmpstr (proc->out->str, ==, "");
    g_assert_cmpstr (proc->err->str, ==, "scenectl status: No session “20000101_000000”\n");
  }
}

static gboolean
monitors_saw (ScenectlTestProc *text,
              const char *text_needle,
              ScenectlTestProc *json,
              const char *json_needle)
{
  return strstr (text->out->str, text_needle) != NULL
         && strstr (json->out->str, json_needle) != NULL;
}

static void
set_threshold (ScdTestSession *session, double value)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;

  reply = scd_test_service_call (
      session->service, session->path, "org.freedesktop.DBus.Properties", "Set",
      g_variant_new ("(ssv)", SCD_TEST_IFACE_DETECTOR, "Threshold", g_variant_new_double (value)),
      NULL, &error);
  g_assert_no_error (error);
}

static void
test_monitor (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScdTestSession) other = NULL;
  g_autoptr (ScenectlTestProc) text = NULL;
  g_autoptr (ScenectlTestProc) json = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRegex) line_re = NULL;
  g_auto (GStrv) text_lines = NULL;
  g_auto (GStrv) json_lines = NULL;
  g_autofree char *id = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *added = NULL;
  guint frames = 0;
  guint chunks = 0;
  gboolean ready = FALSE;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();

  session = scd_test_session_create_file (service, clip->path, NULL);
  id = id_of (session);

  text = scenectl_test_spawn (NULL, NULL, (const char *const[]){ "monitor", NULL });
  json = scenectl_test_spawn (NULL, NULL, (const char *const[]){ "--json", "monitor", id, NULL });

  /* The monitors are listening once a property change reaches both. */
  for (guint i = 0; i < 200 && !ready; i++)
    {
      set_threshold (session, i % 2 == 0 ? 11.0 : 12.0);
      scenectl_test_wait_output (text, "Threshold=", 100);
      scenectl_test_wait_output (json, "\"Threshold\"", 100);
      ready = monitors_saw (text, "Threshold=", json, "\"Threshold\"");
    }
  if (!ready)
    {
      scenectl_test_interrupt (text);
      scenectl_test_interrupt (json);
      scenectl_test_wait_exit (text, 5000);
      scenectl_test_wait_exit (json, 5000);
      scenectl_test_dump (text);
      scenectl_test_dump (json);
      g_error ("the monitors never printed a property change");
    }

  /* A new session shows up in the unfiltered monitor only. */
  other = scd_test_session_create_file (service, clip->path, NULL);
  other_id = id_of (other);
  added = g_strdup_printf ("  %s  added  ", other_id);
  g_assert_true (scenectl_test_wait_output (text, added, 20000));

  scd_test_session_start (session, &error);
  g_assert_no_error (error);
  g_assert_true (scd_test_session_wait_state (session, "stopped", 120000));
  g_assert_true (scenectl_test_wait_output (text, "State=stopped", 20000));
  g_assert_true (scenectl_test_wait_output (json, "\"State\":\"stopped\"", 20000));

  scd_test_session_close (session, &error);
  g_assert_no_error (error);
  g_assert_true (scenectl_test_wait_output (text, "  removed\n", 20000));
  g_assert_true (scenectl_test_wait_output (json, "\"event\":\"removed\"", 20000));

  scenectl_test_interrupt (text);
  scenectl_test_interrupt (json);
  scenectl_test_wait_exit (text, 10000);
  scenectl_test_wait_exit (json, 10000);
  scenectl_test_assert_status (text, 0);
  scenectl_test_assert_status (json, 0);

  /* Text: HH:MM:SS.mmm  ID  EVENT..., one frame line per frame entry. */
  line_re = g_regex_new ("^[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}  [0-9_]+  "
                         "(frame|chunk|segment|changed|added|removed) ",
                         0, 0, &error);
  g_assert_no_error (error);
  text_lines = scenectl_test_lines (text->out->str);
  for (char **l = text_lines; *l != NULL; l++)
    {
      g_autofree char *with_space = g_strconcat (*l, " ", NULL);

      if (!g_regex_match (line_re, with_space, 0, NULL))
        {
          scenectl_test_dump (text);
          g_error ("unexpected monitor line: %s", *l);
        }
      if (strstr (*l, id) != NULL && strstr (*l, "  frame F") != NULL)
        frames++;
      if (strstr (*l, id) != NULL && strstr (*l, "  chunk ") != NULL)
        chunks++;
    }
  g_assert_cmpuint (frames, ==, session->frames->len);
  g_assert_cmpuint (chunks, ==, session->chunks->len);
  g_assert_cmpuint (frames, >=, 1);

  /* JSON Lines: every record about the one session asked for. */
  frames = chunks = 0;
  json_lines = scenectl_test_lines (json->out->str);
  for (char **l = json_lines; *l != NULL; l++)
    {
      g_autoptr (JsonObject) event = parse_json_line (*l);
      const char *kind = json_object_get_string_member (event, "event");

      g_assert_nonnull (json_object_get_string_member (event, "time"));
      g_assert_cmpstr (json_object_get_string_member (event, "session"), ==, id);
      if (g_str_equal (kind, "frame"))
        {
          g_assert_cmpint (json_object_get_int_member (event, "index"), ==, frames);
          frames++;
        }
      else if (g_str_equal (kind, "chunk"))
        {
          g_assert_cmpint (json_object_get_int_member (event, "index"), ==, chunks);
          chunks++;
        }
    }
  g_assert_cmpuint (frames, ==, session->frames->len);
  g_assert_cmpuint (chunks, ==, session->chunks->len);
}

static gboolean
port_closed (gpointer data)
{
  return !scd_test_tcp_is_listening ((guint16) GPOINTER_TO_UINT (data));
}

/* scenectl record tcp://...?listen, until it printed its session. */
static ScenectlTestProc *
start_record (guint16 port, gboolean detach)
{
  g_autofree char *url = scd_test_tcp_listen_url (port);
  const char *args[] = { "record", url, detach ? "--detach" : NULL, NULL };
  ScenectlTestProc *proc = scenectl_test_spawn (NULL, NULL, args);

  if (!scenectl_test_wait_output (proc, "session ", SCENECTL_TEST_TIMEOUT_MS)
      || !scd_test_wait_tcp_listening (port, scd_test_timeout_ms (10000)))
    {
      scenectl_test_dump (proc);
      g_error ("scenectl record did not start listening on %u", port);
    }
  return proc;
}

/* A killed scenectl record once left its session listening for ever, and
 * the next record on the port got a session the orphan took the sender
 * from. Killed, its session ends; hung up (terminal closed), it stops the
 * session as for Ctrl-C and exits 0; with --detach the session stays. */
static void
test_record_ends_with_client (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  guint16 port = scd_test_free_port (FALSE);

  {
    g_autoptr (ScenectlTestProc) proc = start_record (port, FALSE);

    g_subprocess_force_exit (proc->proc);
    scenectl_test_wait_exit (proc, SCENECTL_TEST_TIMEOUT_MS);
    if (!scd_test_poll_until (port_closed, GUINT_TO_POINTER (port), scd_test_timeout_ms (10000)))
      g_error ("the session of a killed scenectl record still listens");
  }
  {
    g_autoptr (ScenectlTestProc) proc = start_record (port, FALSE);

    g_subprocess_send_signal (proc->proc, SIGHUP);
    scenectl_test_wait_exit (proc, SCENECTL_TEST_TIMEOUT_MS);
    scenectl_test_assert_status (proc, 0);
    scenectl_test_assert_err_contains (proc, "Stopping the session");
    g_assert_true (
        scd_test_poll_until (port_closed, GUINT_TO_POINTER (port), scd_test_timeout_ms (10000)));
  }
  {
    g_autoptr (ScenectlTestProc) proc = start_record (port, TRUE);

    g_subprocess_force_exit (proc->proc);
    scenectl_test_wait_exit (proc, SCENECTL_TEST_TIMEOUT_MS);
    scd_test_iterate_for (1000);
    g_assert_true (scd_test_tcp_is_listening (port));
  }
  scd_test_service_assert_alive (service);
}

/* An option the service refuses is a usage error (exit 2) like one the
 * client refuses itself; with no service on the bus, every subcommand
 * says so in the same words (analyze once printed GDBus's own about
 * .service files). */
static void
test_refusals_and_no_service (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  const char *const no_service[][3] = {
    { "analyze", "/nonexistent/clip.mp4" }, { "list" },    { "status" },
    { "status", "20261121_113500" },        { "sources" }, { "stop", "20261121_113500" },
  };

  if (clip != NULL)
    {
      const char *const bogus[][4] = {
        { "analyze", "-o", "bogus=1" },
        { "analyze", "-o", "scene-threshold=500" },
      };

      for (gsize i = 0; i < G_N_ELEMENTS (bogus); i++)
        {
          g_autoptr (ScenectlTestProc) proc = scenectl_test_run (NULL, bogus[i][0], bogus[i][1],
                                                                 bogus[i][2], clip->path, NULL);

          scenectl_test_assert_status (proc, 2);
          scenectl_test_assert_err_contains (proc, "--help");
        }
    }

  scd_test_service_stop (service);
  for (gsize i = 0; i < G_N_ELEMENTS (no_service); i++)
    {
      g_autoptr (ScenectlTestProc)
          proc = scenectl_test_runv (NULL, NULL, no_service[i], SCENECTL_TEST_TIMEOUT_MS);

      scenectl_test_assert_status (proc, 1);
      scenectl_test_assert_err_contains (proc, "The scened service is not running and could not be "
                                               "started");
    }
}

int
main (int argc, char **argv)
{
  int status;

  scd_test_init (&argc, &argv);

  g_test_add_func ("/scenectl/analyze/text", test_analyze_text);
  g_test_add_func ("/scenectl/analyze/json", test_analyze_json);
  g_test_add_func ("/scenectl/analyze/relative-path", test_analyze_relative);
  g_test_add_func ("/scenectl/analyze/refused", test_analyze_refused);
  g_test_add_func ("/scenectl/analyze/caller-language", test_analyze_caller_language);
  g_test_add_func ("/scenectl/analyze/interrupt", test_analyze_interrupt);
  g_test_add_func ("/scenectl/session-commands", test_session_commands);
  g_test_add_func ("/scenectl/monitor", test_monitor);
  g_test_add_func ("/scenectl/record/ends-with-client", test_record_ends_with_client);
  g_test_add_func ("/scenectl/refusals-and-no-service", test_refusals_and_no_service);

  status = g_test_run ();
  scd_test_media_cleanup ();

  return status;
}
