/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Bad input over D-Bus: each gets an org.scened.Scened1.Error.* (or the
 * session goes to "failed" with Error set), and afterwards the service still
 * answers and a good session next to the bad one runs to the end.
 */
#include "config.h"

#include <math.h>
#include <unistd.h>

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-service.h"

/* The service is still fine: it answers, and a good session completes. */
static void
assert_service_still_works (ScdTestService *service)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestSession) good = NULL;

  scd_test_service_assert_alive (service);
  if (clip == NULL)
    return;
  good = scd_test_session_run_file (service, clip->path, NULL);
  g_assert_cmpuint (good->frames->len, >=, 1);
  g_assert_cmpuint (good->chunks->len, >=, 1);
  scd_test_check_frames (good, clip->width, clip->height);
  scd_test_check_chunks (good, 16000, 1);
}

/* CreateSession must refuse these options with exactly this error. */
static void
expect_create_refused (ScdTestService *service, GVariant *options, const char *error_name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autofree char *text = g_variant_print (options, TRUE);

  g_test_message ("CreateSession(%s)", text);
  session = scd_test_session_create (service, options, &error);
  if (session != NULL)
    g_error ("CreateSession(%s) was accepted (%s), expected %s%s", text, session->path,
             SCD_TEST_ERROR_PREFIX, error_name);
  scd_test_assert_scened_error (error, error_name);
}

/* Refused at CreateSession or Start with an Error.*, or the session ends in
 * "failed" with Error set. The session (if any) is kept open for the good
 * session to run next to it. */
static ScdTestSession *
expect_refused (ScdTestService *service, GVariant *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autofree char *error_text = NULL;
  g_autofree char *text = g_variant_print (options, TRUE);

  g_test_message ("CreateSession(%s)", text);
  session = scd_test_session_create (service, options, &error);
  if (session == NULL)
    {
      scd_test_assert_scened_error (error, NULL);
      return NULL;
    }
  if (!scd_test_session_start (session, &error))
    {
      scd_test_assert_scened_error (error, NULL);
      return g_steal_pointer (&session);
    }
  if (!scd_test_session_wait_state (session, "failed", scd_test_timeout_ms (30000)))
    g_error ("a session with %s did not fail (State %s, %u frames)", text, session->state,
             session->frames->len);
  error_text = scd_test_session_get_string (session, "Error");
  g_test_message ("failed with Error “%s”", error_text);
  g_assert_cmpstr (error_text, !=, "");
  g_assert_cmpuint (session->frames->len, ==, 0);
  return g_steal_pointer (&session);
}

static ScdTestSession *
expect_source_refused (ScdTestService *service, const char *source)
{
  return expect_refused (service, g_variant_new_parsed ("{'source': <%s>}", source));
}

/* {'source': <the clip>, EXTRA}: options that would be fine but for EXTRA,
 * a "'key': <value>" in GVariant text. */
static GVariant *
clip_options_with (const ScdTestClip *clip, const char *extra)
{
  g_autofree char *text = g_strdup_printf ("{'source': <%%s>, %s}", extra);

  return g_variant_new_parsed (text, clip->path);
}

static void
test_missing_file (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  g_autofree char *missing = g_build_filename (service->tmp_dir, "no-such-file.mp4", NULL);
  g_autoptr (ScdTestSession) bad = expect_source_refused (service, missing);

  assert_service_still_works (service);
}

static void
test_relative_path (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) bad = NULL;
  g_autofree char *link = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  /* The service runs in tmp_dir: relative to it, the file exists. A relative
   * path must still be refused, not resolved against wherever the service
   * happens to run. */
  link = g_build_filename (service->tmp_dir, "cuts.mp4", NULL);
  g_assert_cmpint (symlink (clip->path, link), ==, 0);
  bad = expect_source_refused (service, "cuts.mp4");
  g_test_message ("and ./cuts.mp4");
  g_clear_pointer (&bad, scd_test_session_free);
  bad = expect_source_refused (service, "./cuts.mp4");
  assert_service_still_works (service);
}

static void
test_not_media (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  g_autoptr (ScdTestSession) bad = expect_source_refused (service, scd_test_media_not_media ());

  assert_service_still_works (service);
}

static void
test_directory_as_source (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  g_autoptr (ScdTestSession) bad = expect_source_refused (service, service->tmp_dir);

  assert_service_still_works (service);
}

static void
test_unknown_key (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  expect_create_refused (service, clip_options_with (clip, "'no-such-option': <true>"),
                         "InvalidArgument");
  assert_service_still_works (service);
}

static void
test_mistyped_option (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  expect_create_refused (service, clip_options_with (clip, "'scene-threshold': <'high'>"),
                         "InvalidArgument");
  expect_create_refused (service, clip_options_with (clip, "'audio-sample-rate': <48000.0>"),
                         "InvalidArgument");
  expect_create_refused (service, clip_options_with (clip, "'record': <'yes'>"),
                         "InvalidArgument");
  expect_create_refused (service, g_variant_new_parsed ("{'source': <int32 42>}"),
                         "InvalidArgument");
  assert_service_still_works (service);
}

static void
test_no_source (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  g_autoptr (ScdTestSession) empty = NULL;

  expect_create_refused (service, g_variant_new_parsed ("@a{sv} {}"), "InvalidArgument");
  expect_create_refused (service, g_variant_new_parsed ("{'name': <'nothing'>}"),
                         "InvalidArgument");
  empty = expect_refused (service, g_variant_new_parsed ("{'source': <''>}"));
  assert_service_still_works (service);
}

/* Values no one could mean: refused (at CreateSession or Start), or the
 * session fails. */
static void
test_absurd_values (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) scd_test_session_free);
  const char *absurd[] = {
    "'scene-threshold': <-5.0>",     "'scene-threshold': <1000.0>",
    "'min-scene-length': <-1.0>",    "'max-frame-interval': <-1.0>",
    "'audio-chunk-seconds': <0.0>",  "'audio-chunk-seconds': <-30.0>",
    "'audio-sample-rate': <uint32 0>", "'audio-channels': <uint32 0>",
    "'hwaccel': <'warp-drive'>",     "'audio-source': <'telepathy'>",
  };

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  for (guint i = 0; i < G_N_ELEMENTS (absurd); i++)
    {
      ScdTestSession *bad = expect_refused (service, clip_options_with (clip, absurd[i]));

      if (bad != NULL)
        g_ptr_array_add (refused, bad);
    }
  assert_service_still_works (service);
}

/* Properties written with bad values: InvalidArgument, and the value in
 * force stays; a good value is taken. */
static void
test_property_writes (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GError) error = NULL;
  const struct
  {
    const char *interface;
    const char *property;
    double value;
  } bad[] = {
    { SCD_TEST_IFACE_DETECTOR, "Threshold", -1.0 },
    { SCD_TEST_IFACE_DETECTOR, "Threshold", 1000.0 },
    { SCD_TEST_IFACE_DETECTOR, "Threshold", NAN },
    { SCD_TEST_IFACE_DETECTOR, "MinSceneLength", -0.5 },
    { SCD_TEST_IFACE_DETECTOR, "MaxFrameInterval", INFINITY },
    { SCD_TEST_IFACE_AUDIO, "ChunkDuration", 0.0 },
    { SCD_TEST_IFACE_AUDIO, "ChunkDuration", 1e9 },
  };

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_create (service, g_variant_new_parsed ("{'source': <%s>}", clip->path),
                                     &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GVariant) reply = NULL;
      double before = scd_test_session_get_double (session, bad[i].interface, bad[i].property);

      g_test_message ("Set %s.%s = %g", bad[i].interface, bad[i].property, bad[i].value);
      reply = scd_test_service_call (service, session->path, "org.freedesktop.DBus.Properties",
                                     "Set",
                                     g_variant_new ("(ssv)", bad[i].interface, bad[i].property,
                                                    g_variant_new_double (bad[i].value)),
                                     NULL, &error);
      g_assert_null (reply);
      scd_test_assert_scened_error (error, "InvalidArgument");
      g_clear_error (&error);
      g_assert_cmpfloat (scd_test_session_get_double (session, bad[i].interface, bad[i].property),
                         ==, before);
    }

  {
    g_autoptr (GVariant) reply = scd_test_service_call (
        service, session->path, "org.freedesktop.DBus.Properties", "Set",
        g_variant_new ("(ssv)", SCD_TEST_IFACE_DETECTOR, "Threshold", g_variant_new_double (25.0)),
        NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (scd_test_session_get_double (session, SCD_TEST_IFACE_DETECTOR, "Threshold"),
                       ==, 25.0);
  }
  assert_service_still_works (service);
}

int
main (int argc, char **argv)
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/bad-input/missing-file", test_missing_file);
  g_test_add_func ("/bad-input/relative-path", test_relative_path);
  g_test_add_func ("/bad-input/not-media", test_not_media);
  g_test_add_func ("/bad-input/directory-as-source", test_directory_as_source);
  g_test_add_func ("/bad-input/unknown-key", test_unknown_key);
  g_test_add_func ("/bad-input/mistyped-option", test_mistyped_option);
  g_test_add_func ("/bad-input/no-source", test_no_source);
  g_test_add_func ("/bad-input/absurd-values", test_absurd_values);
  g_test_add_func ("/bad-input/property-writes", test_property_writes);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
