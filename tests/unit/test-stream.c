/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A stream whose pipe cannot be made (the service out of file
 * descriptors) is refused with a scened error, which D-Bus carries as
 * org.scened.Scened1.Error.Failed, not as an unmapped GError.
 */
#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>

#include "scd-error.h"
#include "scd-frame-stream.h"
#include "scd-stream.h"

static void
test_out_of_descriptors (void)
{
  ScdPictureSize picture = { .width = 320, .height = 240 };
  struct rlimit saved, low;
  g_autoptr (GVariant) options = g_variant_ref_sink (
      g_variant_new_parsed ("{'width': <uint32 32>, 'height': <uint32 24>}"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) held = g_ptr_array_new ();
  ScdStream *stream;
  int read_fd = -1;
  int fd;

  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &saved), ==, 0);
  /* Every descriptor up to the limit in use: no pipe can be made. */
  low = saved;
  low.rlim_cur = 64;
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &low), ==, 0);
  while ((fd = dup (STDERR_FILENO)) >= 0)
    g_ptr_array_add (held, GINT_TO_POINTER (fd));
  g_assert_cmpint (errno, ==, EMFILE);

  stream = scd_frame_stream_new (options, &picture, &read_fd, &error);

  for (guint i = 0; i < held->len; i++)
    close (GPOINTER_TO_INT (g_ptr_array_index (held, i)));
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &saved), ==, 0);

  g_assert_null (stream);
  g_assert_error (error, SCD_ERROR, SCD_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_cmpint (read_fd, ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stream/out-of-descriptors", test_out_of_descriptors);
  return g_test_run ();
}
