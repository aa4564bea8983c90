/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The service writes only where it means to: a symlink planted where a
 * segment or an audio chunk is about to go is never written through. (That
 * everything it makes is 0700 and 0600 is checked by the scenes, live and
 * pulse tests, on the trees their sessions leave.)
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-service.h"

#define UNTOUCHED "not to be written by scened\n"

static void
plant (const char *dir, const char *subdir, const char *name, const char *target)
{
  g_autofree char *folder = g_build_filename (dir, subdir, NULL);
  g_autofree char *link = g_build_filename (folder, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_cmpint (symlink (target, link), ==, 0);
}

/* Symlinks where the first segment and the first chunk go, pointing at a
 * file outside: the session fails, saying it could not create the file,
 * and the file outside is as it was. */
static void
test_no_write_through_symlinks (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  const char *planted[][2] = {
    { "stream", "segment_0001.ts" },
    { "audio", "chunk_0000.wav.part" },
  };

  if (clip == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (planted); i++)
    {
      g_autoptr (ScdTestService) service = scd_test_service_start ();
      g_autoptr (ScdTestSession) session = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *dir = NULL;
      g_autofree char *target = g_build_filename (service->tmp_dir, "outside.txt", NULL);
      g_autofree char *contents = NULL;
      g_autofree char *error_text = NULL;

      g_file_set_contents (target, UNTOUCHED, -1, &error);
      g_assert_no_error (error);
      session = scd_test_session_create_file (
          service, clip->path,
          g_variant_new_parsed ("{'record': <true>, 'audio-chunk-seconds': <1.0>}"));
      dir = scd_test_session_get_directory (session);
      plant (dir, planted[i][0], planted[i][1], target);
      g_test_message ("a symlink at %s/%s", planted[i][0], planted[i][1]);

      scd_test_session_start (session, &error);
      g_assert_no_error (error);
      g_assert_true (scd_test_session_wait_state (session, "failed", scd_test_timeout_ms (30000)));
      error_text = scd_test_session_get_string (session, "Error");
      g_test_message ("Error: %s", error_text);
      g_assert_nonnull (strstr (error_text, planted[i][1]));

      g_file_get_contents (target, &contents, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (contents, ==, UNTOUCHED);
      scd_test_service_assert_alive (service);
    }
}

static gboolean
folder_is_empty (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) == NULL;
}

/* Replaces @dir/@name (moved aside when there) with a symlink to @target. */
static void
swap_for_symlink (const char *dir, const char *name, const char *target)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *moved = g_strconcat (path, ".moved", NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    g_assert_cmpint (g_rename (path, moved), ==, 0);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

/* frames/, audio/ or stream/ of a session, or its folder itself, swapped
 * for a symlink between CreateSession and Start once had every JPEG, WAV,
 * segment and index written where the link pointed. The service writes
 * through the folders it made (moved aside, they still get the files), or
 * fails the session when a part it has yet to make is something else; it
 * never writes through the link. GenerateProxy likewise with proxies/. */
static void
test_no_write_through_symlinked_folders (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  const char *parts[] = { "frames", "audio", "stream", "." };

  if (clip == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autoptr (ScdTestService) service = scd_test_service_start ();
      g_autoptr (ScdTestSession) session = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *dir = NULL;
      g_autofree char *outside = g_build_filename (service->tmp_dir, "outside", NULL);
      g_autofree char *final = NULL;

      g_assert_cmpint (g_mkdir (outside, 0700), ==, 0);
      session = scd_test_session_create_file (
          service, clip->path,
          g_variant_new_parsed ("{'record': <true>, 'audio-chunk-seconds': <1.0>, "
                                "'max-frame-interval': <0.5>}"));
      dir = scd_test_session_get_directory (session);
      if (g_str_equal (parts[i], "."))
        {
          g_autofree char *parent = g_path_get_dirname (dir);
          g_autofree char *name = g_path_get_basename (dir);

          swap_for_symlink (parent, name, outside);
        }
      else
        swap_for_symlink (dir, parts[i], outside);
      g_test_message ("%s swapped for a symlink", parts[i]);

      scd_test_session_start (session, &error);
      g_assert_no_error (error);
      g_assert_true (scd_test_session_wait_state (session, "stopped", scd_test_timeout_ms (60000))
                     || g_str_equal (session->state, "failed"));
      final = scd_test_session_get_string (session, "Error");
      g_test_message ("%s; Error “%s”", session->state, final);
      if (g_str_equal (parts[i], "stream"))
        {
          g_assert_cmpstr (session->state, ==, "failed");
          g_assert_nonnull (strstr (final, "stream"));
        }
      else
        g_assert_cmpstr (session->state, ==, "stopped");
      if (!folder_is_empty (outside))
        g_error ("the service wrote through the symlink in place of %s", parts[i]);

      if (g_str_equal (parts[i], "frames"))
        {
          g_autoptr (GVariant) reply = NULL;

          swap_for_symlink (dir, "proxies", outside);
          reply = scd_test_service_call (service, session->path, SCD_TEST_IFACE_SESSION,
                                         "GenerateProxy", g_variant_new_parsed ("(@a{sv} {},)"),
                                         NULL, &error);
          g_assert_null (reply);
          scd_test_assert_scened_error (error, "Failed");
          g_test_message ("GenerateProxy: %s", error->message);
          g_assert_true (folder_is_empty (outside));
        }
      scd_test_service_assert_alive (service);
    }
}

/* scened --data-dir DIR, with no bus: its exit status and what it said. */
static int
run_service_on (const char *data_dir, char **err)
{
  const char *binary = g_getenv ("SCENED_BINARY");
  const char *argv[] = { binary, "--data-dir", data_dir, NULL };
  g_auto (GStrv) envp = g_environ_unsetenv (g_get_environ (), "DBUS_SESSION_BUS_ADDRESS");
  g_autoptr (GError) error = NULL;
  int status = 0;

  envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, err,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("scened --data-dir %s: %s", data_dir, *err);
  return status;
}

/* A data directory, or its sessions/, that another user may write to (she
 * made sessions/ 0777 before the service first ran) or owns: the service
 * refuses it at start-up, saying why, rather than adopt it. */
static void
test_data_dir_of_others (void)
{
  g_autofree char *tmp = scd_test_make_tmp_dir ("scened-data-XXXXXX");
  g_autofree char *open_sessions = g_build_filename (tmp, "open", NULL);
  g_autofree char *sessions = g_build_filename (open_sessions, "sessions", NULL);
  g_autofree char *open_data = g_build_filename (tmp, "open-data", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (g_mkdir_with_parents (sessions, 0700), ==, 0);
  g_assert_cmpint (chmod (sessions, 0777), ==, 0);
  g_assert_cmpint (run_service_on (open_sessions, &err), !=, 0);
  g_assert_nonnull (strstr (err, "other users may write to it"));
  g_assert_nonnull (strstr (err, sessions));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (g_mkdir_with_parents (open_data, 0700), ==, 0);
  g_assert_cmpint (chmod (open_data, 0775), ==, 0);
  g_assert_cmpint (run_service_on (open_data, &err), !=, 0);
  g_assert_nonnull (strstr (err, "other users may write to it"));
  g_clear_pointer (&err, g_free);

  if (geteuid () == 0)
    {
      g_autofree char *theirs = g_build_filename (tmp, "theirs", NULL);

      g_assert_cmpint (g_mkdir_with_parents (theirs, 0700), ==, 0);
      g_assert_cmpint (chown (theirs, 65534, 65534), ==, 0);
      g_assert_cmpint (run_service_on (theirs, &err), !=, 0);
      g_assert_nonnull (strstr (err, "another user owns it"));
    }
  else
    g_test_message ("not root: a folder of another user cannot be made here, that part skipped");
  scd_test_remove_tree (tmp);
}

int
main (int argc, char **argv)
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/boundaries/no-write-through-symlinks", test_no_write_through_symlinks);
  g_test_add_func ("/boundaries/data-dir-of-others", test_data_dir_of_others);
  g_test_add_func ("/boundaries/no-write-through-symlinked-folders",
                   test_no_write_through_symlinked_folders);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
