/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Which sources wait for senders, which are read as byte streams, and
 * which this FFmpeg can open.
 */
#include "scd-error.h"
#include "scd-source-kind.h"
#include "scd-source.h"

static gboolean
is_listener (const char *source)
{
  g_autoptr (GVariant)
      variant = g_variant_ref_sink (g_variant_new_parsed ("{'source': <%s>}", source));
  g_autoptr (ScdSessionOptions) options = NULL;
  g_autoptr (GError) error = NULL;

  options = scd_session_options_parse (variant, &error);
  g_assert_no_error (error);
  return scd_source_is_listener (options);
}

static void
test_listeners (void)
{
  g_assert_true (is_listener ("tcp://127.0.0.1:9000?listen"));
  g_assert_true (is_listener ("tcp://127.0.0.1:9000?listen=1"));
  g_assert_true (is_listener ("tcp://127.0.0.1:9000?timeout=5&listen"));
  g_assert_true (is_listener ("udp://127.0.0.1:9000"));
  g_assert_true (is_listener ("unix:/run/scened.sock"));

  /* A host whose name contains the word is still a server to connect to. */
  g_assert_false (is_listener ("tcp://listener.example:9000"));
  g_assert_false (is_listener ("tcp://127.0.0.1:9000?listen=0"));
  g_assert_false (is_listener ("tcp://127.0.0.1:9000"));
  g_assert_false (is_listener ("rtmp://example/live/key"));
  g_assert_false (is_listener ("/media/talk.mp4"));
}

/* The byte streams are read through scd-ts-reader.c; the others have a
 * protocol of their own on top (RTSP, RTMP, HTTP). */
static void
test_byte_streams (void)
{
  const char *streams[] = { "tcp://127.0.0.1:9000?listen", "udp://0.0.0.0:9000",
                            "unix:/run/user/1000/scened.sock", "srt://127.0.0.1:9000" };
  const char *others[] = { "rtsp://camera/stream", "rtmp://example/live/key", "http://example/a.ts",
                           "https://example.org/clip.mp4" };

  for (gsize i = 0; i < G_N_ELEMENTS (streams); i++)
    g_assert_true (scd_url_scheme_find (streams[i])->byte_stream);
  for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
    g_assert_false (scd_url_scheme_find (others[i])->byte_stream);
}

static void
test_available (void)
{
  const char *sources[] = {
    "tcp://127.0.0.1:9000?listen", "udp://127.0.0.1:9000", "unix:/run/x.sock",
    "http://example/a.ts",         "rtsp://example/cam",   "/media/talk.mp4"
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autoptr (GVariant)
          variant = g_variant_ref_sink (g_variant_new_parsed ("{'source': <%s>}", sources[i]));
      g_autoptr (ScdSessionOptions) options = scd_session_options_parse (variant, NULL);
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", sources[i]);
      g_assert_true (scd_source_check_available (options, &error));
      g_assert_no_error (error);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/source/listeners", test_listeners);
  g_test_add_func ("/source/byte-streams", test_byte_streams);
  g_test_add_func ("/source/available", test_available);
  return g_test_run ();
}
