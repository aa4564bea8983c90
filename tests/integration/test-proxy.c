/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Session.GenerateProxy: MJPEG proxies with every source frame, all of
 * them keyframes, at the height asked for; returned at once when up to
 * date; one per recorded segment of a reopened session; cancelled by
 * Stop(); bad options refused.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-sender.h"
#include "scd-test-service.h"
#include "scd-test-wait.h"

typedef struct
{
  char *codec;
  guint width;
  guint height;
  guint frames;
  guint keyframes;
} Probe;

static void
probe_clear (Probe *probe)
{
  g_free (probe->codec);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Probe, probe_clear)

static char *
run_ffprobe (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  char *out = NULL;

  g_assert_true (scd_test_media_run (argv, &out, NULL, &error));
  g_assert_no_error (error);
  return out;
}

/* The proxy's codec and size, its frames, and how many are keyframes. */
static void
probe_proxy (const char *path, Probe *probe)
{
  const char *stream_argv[] = { "ffprobe",
                                "-v",
                                "error",
                                "-select_streams",
                                "v",
                                "-show_entries",
                                "stream=codec_name,width,height",
                                "-of",
                                "default=nw=1",
                                path,
                                NULL };
  const char *frames_argv[] = {
    "ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "frame=key_frame", "-of",
    "csv=p=0", path, NULL
  };
  g_autofree char *stream = run_ffprobe (stream_argv);
  g_autofree char *frames = run_ffprobe (frames_argv);
  g_auto (GStrv) lines = g_strsplit (stream, "\n", -1);
  g_auto (GStrv) keys = g_strsplit (frames, "\n", -1);

  for (char **l = lines; *l != NULL; l++)
    {
      if (g_str_has_prefix (*l, "codec_name="))
        probe->codec = g_strdup (*l + strlen ("codec_name="));
      else if (g_str_has_prefix (*l, "width="))
        probe->width = (guint) atoi (*l + strlen ("width="));
      else if (g_str_has_prefix (*l, "height="))
        probe->height = (guint) atoi (*l + strlen ("height="));
    }
  for (char **k = keys; *k != NULL; k++)
    if (**k != '\0')
      {
        probe->frames++;
        probe->keyframes += g_str_equal (g_strstrip (*k), "1");
      }
  g_test_message ("%s: %s %ux%u, %u frames, %u keyframes", path, probe->codec, probe->width,
                  probe->height, probe->frames, probe->keyframes);
}

static GStrv
generate_proxy (ScdTestSession *session, GVariant *options, GError **error)
{
  g_autoptr (GVariant) reply = scd_test_service_call (
      session->service, session->path, SCD_TEST_IFACE_SESSION, "GenerateProxy",
      g_variant_new ("(@a{sv})", options), G_VARIANT_TYPE ("(as)"), error);
  GStrv paths = NULL;

  if (reply != NULL)
    g_variant_get (reply, "(^as)", &paths);
  return paths;
}

static gint64
mtime_ns (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

/* A file session: one proxy of the file, in proxies/, 120 lines high and
 * 4:3 wide, every frame of the clip there and a keyframe. Asked again, the
 * same file comes back untouched. 360 lines (the default) on a 240-line
 * source gives 240: a proxy is never larger than its source. */
static void
test_file (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) paths = NULL;
  g_auto (GStrv) again = NULL;
  g_auto (GStrv) defaults = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *proxies = NULL;
  g_auto (Probe) probe = { 0 };
  g_auto (Probe) full = { 0 };
  gint64 made;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, clip->path, NULL);
  dir = scd_test_session_get_directory (session);
  proxies = g_build_filename (dir, "proxies", NULL);

  paths = generate_proxy (session, g_variant_new_parsed ("{'height': <uint32 120>}"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (paths), ==, 1);
  g_assert_true (g_str_has_prefix (paths[0], proxies));
  g_assert_true (g_file_test (paths[0], G_FILE_TEST_IS_REGULAR));
  probe_proxy (paths[0], &probe);
  g_assert_cmpstr (probe.codec, ==, "mjpeg");
  g_assert_cmpuint (probe.height, ==, 120);
  g_assert_cmpuint (probe.width, ==, 160);
  g_assert_cmpuint (probe.frames, ==, clip->n_frames);
  g_assert_cmpuint (probe.keyframes, ==, probe.frames);
  g_assert_cmpfloat (scd_test_session_get_double (session, SCD_TEST_IFACE_SESSION, "ProxyProgress"),
                     ==, -1.0);

  made = mtime_ns (paths[0]);
  again = generate_proxy (session, g_variant_new_parsed ("{'height': <uint32 120>}"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again[0], ==, paths[0]);
  g_assert_cmpint (mtime_ns (again[0]), ==, made);

  defaults = generate_proxy (session, g_variant_new_parsed ("@a{sv} {}"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (defaults[0], !=, paths[0]);
  probe_proxy (defaults[0], &full);
  g_assert_cmpuint (full.height, ==, clip->height);
  g_assert_cmpuint (full.frames, ==, clip->n_frames);
  scd_test_service_assert_alive (service);
}

/* A recording (a file session with record: true writes a segment),
 * closed and reopened with OpenSession: one proxy per segment, with every
 * frame of the clip. */
static void
test_reopened (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScdTestSession) reopened = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) paths = NULL;
  g_autofree char *dir = NULL;
  g_auto (Probe) probe = { 0 };

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, clip->path,
                                       g_variant_new_parsed ("{'record': <true>}"));
  dir = scd_test_session_get_directory (session);
  scd_test_session_close (session, &error);
  g_assert_no_error (error);

  reopened = scd_test_session_open (service, dir);
  paths = generate_proxy (reopened, g_variant_new_parsed ("{'height': <uint32 96>}"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (paths), ==, 1);
  g_assert_true (g_str_has_suffix (paths[0], "/proxies/segment_0001-96p.mkv"));
  probe_proxy (paths[0], &probe);
  g_assert_cmpstr (probe.codec, ==, "mjpeg");
  g_assert_cmpuint (probe.height, ==, 96);
  g_assert_cmpuint (probe.frames, ==, clip->n_frames);
  g_assert_cmpuint (probe.keyframes, ==, probe.frames);
}

static gboolean
proxy_started (gpointer data)
{
  return scd_test_session_get_double (data, SCD_TEST_IFACE_SESSION, "ProxyProgress") > 0.0;
}

/* Stop() while a long proxy is being made: GenerateProxy answers
 * InvalidState, no proxy and no half-written file stay, and a second
 * GenerateProxy meanwhile is refused. */
static void
test_cancel (void)
{
  const ScdTestClip *clip = scd_test_media_long_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) busy = NULL;
  g_autoptr (GDir) listing = NULL;
  g_auto (GStrv) refused = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *proxies = NULL;
  ScdTestAsyncCall call;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_create_file (service, clip->path, NULL);
  dir = scd_test_session_get_directory (session);
  scd_test_session_call_async (session, "GenerateProxy",
                               g_variant_new_parsed ("({'height': <uint32 360>},)"),
                               G_VARIANT_TYPE ("(as)"), &call);
  g_assert_true (scd_test_poll_until (proxy_started, session, scd_test_timeout_ms (30000)));

  refused = generate_proxy (session, g_variant_new_parsed ("@a{sv} {}"), &busy);
  g_assert_null (refused);
  scd_test_assert_scened_error (busy, "InvalidState");

  g_assert_true (scd_test_session_stop (session, &error));
  g_assert_no_error (error);
  g_assert_true (scd_test_async_call_wait (&call, scd_test_timeout_ms (30000)));
  g_assert_null (call.reply);
  g_test_message ("cancelled: %s", call.error->message);
  scd_test_assert_scened_error (call.error, "InvalidState");
  scd_test_async_call_clear (&call);

  proxies = g_build_filename (dir, "proxies", NULL);
  listing = g_dir_open (proxies, 0, &error);
  g_assert_no_error (error);
  g_assert_null (g_dir_read_name (listing));
  g_assert_cmpfloat (scd_test_session_get_double (session, SCD_TEST_IFACE_SESSION, "ProxyProgress"),
                     ==, -1.0);
  scd_test_service_assert_alive (service);
}

static void
test_bad_options (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  const char *const cases[] = {
    "{'height': <uint32 0>}",
    "{'height': <uint32 100000>}",
    "{'height': <360>}",
    "{'width': <uint32 640>}",
  };

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_create_file (service, clip->path, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_auto (GStrv) paths = generate_proxy (session, g_variant_new_parsed (cases[i]), &error);

      g_assert_null (paths);
      g_test_message ("%s: %s", cases[i], error->message);
      scd_test_assert_scened_error (error, "InvalidArgument");
    }
  scd_test_service_assert_alive (service);
}

int
main (int argc, char *argv[])
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/proxy/file", test_file);
  g_test_add_func ("/proxy/reopened", test_reopened);
  g_test_add_func ("/proxy/cancel", test_cancel);
  g_test_add_func ("/proxy/bad-options", test_bad_options);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
