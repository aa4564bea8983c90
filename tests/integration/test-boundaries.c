/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The service writes only where it means to: a symlink planted where a
 * segment or an audio chunk is about to go is never written through. (That
 * everything it makes is 0700 and 0600 is checked by the scenes, live and
 * pulse tests, on the trees their sessions leave.)
 */
#include "config.h"

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

int
main (int argc, char **argv)
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/boundaries/no-write-through-symlinks", test_no_write_through_symlinks);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
