/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Bad input over D-Bus: each gets an org.scened.Scened1.Error.* (or the
 * session goes to "failed" with Error set), a good session reading a file
 * at its own pace all the while does not notice, and afterwards the service
 * still answers and runs another good session to the end.
 */
#include "config.h"

#include <math.h>
#include <unistd.h>

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-service.h"

/* A good session that reads the cut clip at its own pace (about six
 * seconds), started before the bad input so that it runs beside it; NULL
 * without ffmpeg. */
static ScdTestSession *
start_neighbour (ScdTestService *service)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();

  if (clip == NULL)
    return NULL;
  return scd_test_session_start_file (service, clip->path,
                                      g_variant_new_parsed ("{'realtime': <true>}"));
}

static void
check_good_session (ScdTestSession *session, const ScdTestClip *clip)
{
  g_autofree char *error_text = scd_test_session_get_string (session, "Error");

  g_assert_cmpstr (error_text, ==, "");
  /* The first frame, and one per cut. */
  g_assert_cmpuint (session->frames->len, ==, clip->cut_frames->len + 1);
  g_assert_cmpuint (session->chunks->len, >=, 1);
  scd_test_check_frames (session, clip->width, clip->height);
  scd_test_check_chunks (session, 16000, 1);
}

/* The service is still fine: the session beside the bad input ran to its
 * end as if alone, the service answers, and a new good session completes. */
static void
assert_unharmed (ScdTestService *service, ScdTestSession *neighbour)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestSession) good = NULL;

  scd_test_service_assert_alive (service);
  if (clip == NULL)
    return;
  if (neighbour != NULL)
    {
      if (!scd_test_session_wait_state (neighbour, "stopped", scd_test_timeout_ms (60000)))
        {
          g_autofree char *states = scd_test_session_describe_states (neighbour);

          g_error ("the session beside the bad input did not run to its end (%s)", states);
        }
      check_good_session (neighbour, clip);
    }
  good = scd_test_session_run_file (service, clip->path, NULL);
  check_good_session (good, clip);
}

/* Every case runs on its own service, with a good session beside it from
 * the start, and ends by checking that neither noticed the bad input. */
typedef struct
{
  const ScdTestClip *clip; /* NULL without ffmpeg: the case is skipped */
  ScdTestService *service;
  ScdTestSession *neighbour;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->clip = scd_test_media_cut_clip ();
  f->service = scd_test_service_start ();
  f->neighbour = start_neighbour (f->service);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  if (!g_test_failed ())
    assert_unharmed (f->service, f->neighbour);
  g_clear_pointer (&f->neighbour, scd_test_session_free);
  g_clear_pointer (&f->service, scd_test_service_free);
}

/* CreateSession must refuse these options with exactly this error. */
static void
expect_create_refused (ScdTestService *service, GVariant *options, const char *error_name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autofree char *text = g_variant_print (options, TRUE);

  g_test_message ("CreateSession(%.300s)", text);
  session = scd_test_session_create (service, options, &error);
  if (session != NULL)
    g_error ("CreateSession(%.300s) was accepted (%s), expected %s%s", text, session->path,
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

  g_test_message ("CreateSession(%.300s)", text);
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
  /* A stable name beside the prose, for scripts. */
  {
    g_autofree char *name = scd_test_session_get_string (session, "ErrorName");

    g_test_message ("ErrorName %s", name);
    g_assert_true (g_str_has_prefix (name, SCD_TEST_ERROR_PREFIX));
  }
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
test_missing_file (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->service->tmp_dir, "no-such-file.mp4", NULL);
  g_autoptr (ScdTestSession) bad = expect_source_refused (f->service, missing);
}

static void
test_relative_path (Fixture *f, gconstpointer data)
{
  g_autoptr (ScdTestSession) bad = NULL;
  g_autofree char *link = NULL;

  if (f->clip == NULL)
    return;
  /* The service runs in tmp_dir: relative to it, the file exists. A relative
   * path must still be refused, not resolved against wherever the service
   * happens to run. */
  link = g_build_filename (f->service->tmp_dir, "cuts.mp4", NULL);
  g_assert_cmpint (symlink (f->clip->path, link), ==, 0);
  bad = expect_source_refused (f->service, "cuts.mp4");
  g_test_message ("and ./cuts.mp4");
  g_clear_pointer (&bad, scd_test_session_free);
  bad = expect_source_refused (f->service, "./cuts.mp4");
}

static void
test_not_media (Fixture *f, gconstpointer data)
{
  g_autoptr (ScdTestSession) bad = expect_source_refused (f->service, scd_test_media_not_media ());
}

static void
test_directory_as_source (Fixture *f, gconstpointer data)
{
  g_autoptr (ScdTestSession) bad = expect_source_refused (f->service, f->service->tmp_dir);
}

static void
test_unknown_key (Fixture *f, gconstpointer data)
{
  if (f->clip == NULL)
    return;
  expect_create_refused (f->service, clip_options_with (f->clip, "'no-such-option': <true>"),
                         "InvalidArgument");
}

static void
test_mistyped_option (Fixture *f, gconstpointer data)
{
  if (f->clip == NULL)
    return;
  expect_create_refused (f->service, clip_options_with (f->clip, "'scene-threshold': <'high'>"),
                         "InvalidArgument");
  expect_create_refused (f->service, clip_options_with (f->clip, "'audio-sample-rate': <48000.0>"),
                         "InvalidArgument");
  expect_create_refused (f->service, clip_options_with (f->clip, "'record': <'yes'>"),
                         "InvalidArgument");
  expect_create_refused (f->service, g_variant_new_parsed ("{'source': <int32 42>}"),
                         "InvalidArgument");
}

static void
test_no_source (Fixture *f, gconstpointer data)
{
  g_autoptr (ScdTestSession) empty = NULL;

  expect_create_refused (f->service, g_variant_new_parsed ("@a{sv} {}"), "InvalidArgument");
  expect_create_refused (f->service, g_variant_new_parsed ("{'name': <'nothing'>}"),
                         "InvalidArgument");
  empty = expect_refused (f->service, g_variant_new_parsed ("{'source': <''>}"));
}

/* Strings longer than any option needs (SCD_OPTION_STRING_MAX, 4096
 * bytes): an 8 MiB name was once taken, and the service's own
 * InterfacesAdded carrying it could outgrow a D-Bus message, which made
 * the bus drop the service. Refused in every string of every call; 4096
 * bytes are taken. */
static void
test_long_strings (Fixture *f, gconstpointer data)
{
  g_autofree char *huge = g_strnfill (8 * 1024 * 1024, 'x');
  g_autofree char *longest = g_strnfill (4096, 'x');
  g_autofree char *huge_path = g_strconcat ("/", huge, NULL);
  const char *keys[] = { "name", "audio-source", "hwaccel" };
  g_autoptr (GError) error = NULL;

  if (f->clip == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    expect_create_refused (
        f->service,
        g_variant_new_parsed ("{'source': <%s>, %s: <%s>}", f->clip->path, keys[i], huge),
        "InvalidArgument");
  expect_create_refused (f->service, g_variant_new_parsed ("{'source': <%s>}", huge_path),
                         "InvalidArgument");
  {
    g_autoptr (GVariant) reply = scd_test_service_call (
        f->service, SCD_TEST_MANAGER_PATH, SCD_TEST_IFACE_MANAGER, "OpenSession",
        g_variant_new ("(s)", huge_path), G_VARIANT_TYPE ("(o)"), &error);

    g_assert_null (reply);
    scd_test_assert_scened_error (error, "InvalidArgument");
    g_clear_error (&error);
  }
  {
    g_autoptr (GVariant) reply = scd_test_service_call (
        f->service, f->neighbour->path, SCD_TEST_IFACE_SESSION, "OpenFrameStream",
        g_variant_new_parsed ("({'pixel-format': <%s>},)", huge), NULL, &error);

    g_assert_null (reply);
    scd_test_assert_scened_error (error, "InvalidArgument");
    g_clear_error (&error);
  }
  {
    g_autoptr (ScdTestSession) named = scd_test_session_create (
        f->service, g_variant_new_parsed ("{'source': <%s>, 'name': <%s>}", f->clip->path, longest),
        &error);
    g_autofree char *name = NULL;

    g_assert_no_error (error);
    name = scd_test_session_get_string (named, "Name");
    g_assert_cmpstr (name, ==, longest);
  }
}

/* Values no one could mean: refused (at CreateSession or Start), or the
 * session fails. */
static void
test_absurd_values (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray)
      refused = g_ptr_array_new_with_free_func ((GDestroyNotify) scd_test_session_free);
  const char *absurd[] = {
    "'scene-threshold': <-5.0>",       "'scene-threshold': <1000.0>",
    "'min-scene-length': <-1.0>",      "'max-frame-interval': <-1.0>",
    "'audio-chunk-seconds': <0.0>",    "'audio-chunk-seconds': <-30.0>",
    "'audio-sample-rate': <uint32 0>", "'audio-channels': <uint32 0>",
    "'audio-chunk-seconds': <0.1>",    "'max-frame-interval': <1e-300>",
    "'max-frame-interval': <0.05>",    "'hwaccel': <'warp-drive'>",
    "'audio-source': <'telepathy'>",
  };

  if (f->clip == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (absurd); i++)
    {
      ScdTestSession *bad = expect_refused (f->service, clip_options_with (f->clip, absurd[i]));

      if (bad != NULL)
        g_ptr_array_add (refused, bad);
    }
}

/* Properties written with bad values: InvalidArgument, and the value in
 * force stays; a good value is taken. */
static void
test_property_writes (Fixture *f, gconstpointer data)
{
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
    { SCD_TEST_IFACE_AUDIO, "ChunkDuration", 0.1 },
    { SCD_TEST_IFACE_DETECTOR, "MaxFrameInterval", 1e-300 },
    { SCD_TEST_IFACE_AUDIO, "ChunkDuration", 1e9 },
  };

  if (f->clip == NULL)
    return;
  session = scd_test_session_create (
      f->service, g_variant_new_parsed ("{'source': <%s>}", f->clip->path), &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GVariant) reply = NULL;
      double before = scd_test_session_get_double (session, bad[i].interface, bad[i].property);

      g_test_message ("Set %s.%s = %g", bad[i].interface, bad[i].property, bad[i].value);
      reply = scd_test_service_call (f->service, session->path, "org.freedesktop.DBus.Properties",
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
        f->service, session->path, "org.freedesktop.DBus.Properties", "Set",
        g_variant_new ("(ssv)", SCD_TEST_IFACE_DETECTOR, "Threshold", g_variant_new_double (25.0)),
        NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (scd_test_session_get_double (session, SCD_TEST_IFACE_DETECTOR, "Threshold"),
                       ==, 25.0);
  }
}

static gboolean
manifest_has_two_regions (gpointer path)
{
  g_autoptr (JsonNode) manifest = scd_test_load_json (path);
  JsonObject *settings = json_object_get_object_member (json_node_get_object (manifest),
                                                        "settings");

  return json_array_get_length (json_object_get_array_member (settings, "exclude-regions")) == 2;
}

/* Regions that are no rectangles: refused at CreateSession and when
 * written as properties, where the value in force stays; good ones are
 * taken and saved in session.json. */
static void
test_region_values (Fixture *f, gconstpointer data)
{
  static const char *const bad_options[] = {
    "'exclude-regions': <[(-0.1, 0.0, 0.5, 0.5)]>",
    "'exclude-regions': <[(0.0, 0.0, 0.0, 0.5)]>",
    "'exclude-regions': <[(0.0, 0.0, nan, 0.5)]>",
    "'exclude-regions': <[(0.0, 0.0, 1e9, 10.0)]>",
    "'exclude-regions': <[(0.0, 0.0, 0.5, 0.5), (0.0, 0.0, 0.5, 0.5), (0.0, 0.0, 0.5, 0.5),"
    " (0.0, 0.0, 0.5, 0.5), (0.0, 0.0, 0.5, 0.5), (0.0, 0.0, 0.5, 0.5), (0.0, 0.0, 0.5, 0.5),"
    " (0.0, 0.0, 0.5, 0.5), (0.0, 0.0, 0.5, 0.5), (0.0, 0.0, 0.5, 0.5), (0.0, 0.0, 0.5, 0.5),"
    " (0.0, 0.0, 0.5, 0.5), (0.0, 0.0, 0.5, 0.5), (0.0, 0.0, 0.5, 0.5), (0.0, 0.0, 0.5, 0.5),"
    " (0.0, 0.0, 0.5, 0.5), (0.0, 0.0, 0.5, 0.5)]>",
    "'exclude-regions': <[(0, 0, 10, 10)]>",
    "'watch-region': <(0.5, 0.5, inf, 0.5)>",
    "'watch-region': <(0.5, 0.5, -1.0, 0.5)>",
    "'watch-region': <[(0.0, 0.0, 0.5, 0.5)]>",
  };
  static const char *const bad_properties[][2] = {
    { "ExcludeRegions", "[(0.0, 0.0, -1.0, 0.5)]" },
    { "ExcludeRegions", "[(nan, 0.0, 1.0, 0.5)]" },
    { "WatchRegion", "(0.0, 0.0, 0.0, 0.5)" },
  };
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariant) exclude = NULL;
  g_autoptr (JsonNode) manifest = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *path = NULL;
  JsonObject *settings;

  if (f->clip == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (bad_options); i++)
    expect_create_refused (f->service, clip_options_with (f->clip, bad_options[i]),
                           "InvalidArgument");

  session = scd_test_session_create (
      f->service, clip_options_with (f->clip, "'watch-region': <(0.0, 0.0, 0.5, 1.0)>"), &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_properties); i++)
    {
      g_autoptr (GVariant)
          before = scd_test_session_get (session, SCD_TEST_IFACE_DETECTOR, bad_properties[i][0]);
      g_autoptr (GVariant) after = NULL;

      g_test_message ("Set %s = %s", bad_properties[i][0], bad_properties[i][1]);
      reply = scd_test_service_call (
          f->service, session->path, "org.freedesktop.DBus.Properties", "Set",
          g_variant_new ("(ssv)", SCD_TEST_IFACE_DETECTOR, bad_properties[i][0],
                         g_variant_new_parsed (bad_properties[i][1])),
          NULL, &error);
      g_assert_null (reply);
      scd_test_assert_scened_error (error, "InvalidArgument");
      g_clear_error (&error);
      after = scd_test_session_get (session, SCD_TEST_IFACE_DETECTOR, bad_properties[i][0]);
      g_assert_true (g_variant_equal (before, after));
    }

  reply = scd_test_service_call (
      f->service, session->path, "org.freedesktop.DBus.Properties", "Set",
      g_variant_new ("(ssv)", SCD_TEST_IFACE_DETECTOR, "ExcludeRegions",
                     g_variant_new_parsed ("[(0.8, 0.0, 0.2, 0.1), (10.0, 20.0, 30.0, 40.0)]")),
      NULL, &error);
  g_assert_no_error (error);
  exclude = scd_test_session_get (session, SCD_TEST_IFACE_DETECTOR, "ExcludeRegions");
  g_assert_cmpuint (g_variant_n_children (exclude), ==, 2);

  directory = scd_test_session_get_directory (session);
  path = g_build_filename (directory, "session.json", NULL);
  g_assert_true (scd_test_wait_until (manifest_has_two_regions, path, scd_test_timeout_ms (10000)));
  manifest = scd_test_load_json (path);
  settings = json_object_get_object_member (json_node_get_object (manifest), "settings");
  g_assert_cmpfloat (
      json_array_get_double_element (json_object_get_array_member (settings, "watch-region"), 2),
      ==, 0.5);
}

/* Writes @length bytes of @data to @name in the test's directory. */
static char *
write_file (ScdTestService *service, const char *name, const void *data, gsize length)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (service->tmp_dir, name, NULL);

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
  return path;
}

static gboolean
session_ended (gpointer data)
{
  ScdTestSession *session = data;

  return session->state != NULL && scd_test_is_final_state (session->state);
}

/* A damaged copy of a good file: refused, failed, or read as far as it
 * can be, with every frame written a good JPEG of the clip's size. */
static ScdTestSession *
expect_refused_or_readable (ScdTestService *service, const char *path, const ScdTestClip *clip)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autofree char *error_text = NULL;

  g_test_message ("source %s", path);
  session = scd_test_session_create (service, g_variant_new_parsed ("{'source': <%s>}", path),
                                     &error);
  if (session == NULL || !scd_test_session_start (session, &error))
    {
      scd_test_assert_scened_error (error, NULL);
      return g_steal_pointer (&session);
    }
  if (!scd_test_wait_until (session_ended, session, scd_test_timeout_ms (30000)))
    g_error ("a session on %s did not end (State %s)", path, session->state);
  error_text = scd_test_session_get_string (session, "Error");
  g_test_message ("ended “%s”, Error “%s”, %u frames", session->state, error_text,
                  session->frames->len);
  if (g_str_equal (session->state, "failed"))
    g_assert_cmpstr (error_text, !=, "");
  else
    g_assert_cmpstr (error_text, ==, "");
  scd_test_check_frames (session, clip->width, clip->height);
  return g_steal_pointer (&session);
}

/* Files that are not media, or no longer are: random bytes under the names
 * of formats that take a guess (a .mp3 demuxer finds "frames" anywhere, a
 * .bin one draws any bytes as text art), nothing, the first 4 KiB of a
 * good file; and a good file cut in half or with bits flipped, which may
 * instead give what was readable. */
static void
test_broken_files (Fixture *f, gconstpointer data)
{
  const char *random_names[] = { "random.mp4", "random.mp3", "random.bin", "random.jpg",
                                 "random.ts" };
  g_autoptr (GPtrArray)
      bad = g_ptr_array_new_with_free_func ((GDestroyNotify) scd_test_session_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *good = NULL;
  /* A whole number of 160-byte text-art lines, or the .bin demuxer would
   * not take it. */
  const gsize noise_size = 160 * 1250;
  g_autofree guint8 *noise = g_malloc (noise_size);
  gsize length = 0;

  if (f->clip == NULL)
    return;
  g_file_get_contents (f->clip->path, &good, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 64 * 1024);

  for (gsize i = 0; i < noise_size; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
  for (guint i = 0; i < G_N_ELEMENTS (random_names); i++)
    {
      g_autofree char *path = write_file (f->service, random_names[i], noise, noise_size);

      g_ptr_array_add (bad, expect_source_refused (f->service, path));
    }
  {
    g_autofree char *empty = write_file (f->service, "empty.mp4", "", 0);
    g_autofree char *head = write_file (f->service, "head.mp4", good, 4096);

    g_ptr_array_add (bad, expect_source_refused (f->service, empty));
    g_ptr_array_add (bad, expect_source_refused (f->service, head));
  }
  {
    g_autofree char *half = write_file (f->service, "half.mp4", good, length / 2);

    g_ptr_array_add (bad, expect_refused_or_readable (f->service, half, f->clip));
  }
  {
    g_autofree char *flipped = NULL;

    /* Past the first 4 KiB, so that it is still taken for an mp4. */
    for (guint i = 0; i < 200; i++)
      {
        gint32 at = g_rand_int_range (rand, 4096, (gint32) length);

        good[at] ^= (char) (1 << g_rand_int_range (rand, 0, 8));
      }
    flipped = write_file (f->service, "flipped.mp4", good, length);
    g_ptr_array_add (bad, expect_refused_or_readable (f->service, flipped, f->clip));
  }
}

/* Only the URL schemes of service/core/scd-source-kind.c: libavformat's others read files
 * a session was not given (concat:, subfile:, file:), carry their data in
 * the URL (data:), or are unknown. */
static void
test_protocols (Fixture *f, gconstpointer data)
{
  /* Each followed by the clip's path. */
  const char *prefixes[] = {
    "subfile:,start,0,end,4096,:", "file:", "crypto:", "cache:", "async:",
  };
  const char *others[] = {
    "data:video/mp4;base64,AAAAIGZ0eXBpc29t",
    "pipe:0",
    "fd:3",
    "gopher://localhost/clip",
    "ftp://localhost/clip.mp4",
    "nosuchscheme://x",
    "tee:/tmp/x",
  };

  if (f->clip == NULL)
    return;
  for (guint i = 0; i <= G_N_ELEMENTS (prefixes); i++)
    {
      const char *path = f->clip->path;
      g_autofree char *source = i < G_N_ELEMENTS (prefixes)
                                    ? g_strconcat (prefixes[i], path, NULL)
                                    : g_strconcat ("concat:", path, "|", path, NULL);

      expect_create_refused (f->service, g_variant_new_parsed ("{'source': <%s>}", source),
                             "InvalidArgument");
    }
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    expect_create_refused (f->service, g_variant_new_parsed ("{'source': <%s>}", others[i]),
                           "InvalidArgument");
}

/* {'source': <the clip>, @key: <@value>} */
static GVariant *
clip_options_with_double (const ScdTestClip *clip, const char *key, double value)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "source", "s", clip->path);
  g_variant_dict_insert_value (&dict, key, g_variant_new_double (value));
  return g_variant_dict_end (&dict);
}

/* Numbers that are no numbers, or no length anyone means. */
static void
test_non_finite_values (Fixture *f, gconstpointer data)
{
  const struct
  {
    const char *key;
    double value;
  } bad[] = {
    { "scene-threshold", NAN },          { "scene-threshold", INFINITY },
    { "scene-threshold", -INFINITY },    { "min-scene-length", NAN },
    { "max-frame-interval", INFINITY },  { "audio-chunk-seconds", NAN },
    { "audio-chunk-seconds", INFINITY }, { "audio-chunk-seconds", 1e9 },
    { "audio-chunk-seconds", 1e-9 },
  };

  if (f->clip == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    expect_create_refused (f->service, clip_options_with_double (f->clip, bad[i].key, bad[i].value),
                           "InvalidArgument");
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* OpenSession() opens session folders under the data directory and
 * nothing else: not a system folder, not a relative path that climbs out,
 * not a folder elsewhere that looks like a session, not a symlink in the
 * sessions folder that points out of it, not the data directory itself. */
static void
test_open_session_outside (Fixture *f, gconstpointer data)
{
  g_autofree char *sessions = NULL;
  g_autofree char *inside = NULL;
  g_autofree char *outside = NULL;
  g_autofree char *link = NULL;
  g_autofree char *climbing = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;

  if (f->clip == NULL)
    return;
  inside = scd_test_session_get_directory (f->neighbour);
  sessions = g_path_get_dirname (inside);

  /* A look-alike of the neighbour's folder, outside the data directory. */
  outside = g_build_filename (f->service->tmp_dir, "elsewhere", NULL);
  g_assert_cmpint (g_mkdir_with_parents (outside, 0700), ==, 0);
  manifest = g_build_filename (inside, "session.json", NULL);
  /* The service writes it soon after CreateSession() returns. */
  g_assert_true (scd_test_wait_until (file_exists, manifest, scd_test_timeout_ms (10000)));
  g_file_get_contents (manifest, &contents, NULL, &error);
  g_assert_no_error (error);
  copy = g_build_filename (outside, "session.json", NULL);
  g_file_set_contents (copy, contents, -1, &error);
  g_assert_no_error (error);
  link = g_build_filename (sessions, "20200101_000000", NULL);
  g_assert_cmpint (symlink (outside, link), ==, 0);
  climbing = g_build_filename (sessions, "..", "..", "elsewhere", NULL);

  {
    const char *bad[] = { "/etc",   "../..",
                          "",       "/",
                          outside,  link,
                          climbing, f->service->data_dir,
                          sessions, "/nonexistent/scened/session" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr (GVariant) reply = NULL;

        g_test_message ("OpenSession(%s)", bad[i]);
        reply = scd_test_service_call (f->service, SCD_TEST_MANAGER_PATH, SCD_TEST_IFACE_MANAGER,
                                       "OpenSession", g_variant_new ("(s)", bad[i]),
                                       G_VARIANT_TYPE ("(o)"), &error);
        if (reply != NULL)
          g_error ("OpenSession(%s) was accepted", bad[i]);
        scd_test_assert_scened_error (error, NULL);
        g_clear_error (&error);
      }
  }
}

static GVariant *
call_session (ScdTestSession *session,
              const char *interface,
              const char *method,
              GVariant *parameters,
              GError **error)
{
  return scd_test_service_call (session->service, session->path, interface, method, parameters,
                                NULL, error);
}

/* ListFrames() and ListChunks() past the end, and for more than there
 * is: what there is, and no more. */
static void
test_list_huge (Fixture *f, gconstpointer data)
{
  g_autoptr (ScdTestSession) session = NULL;
  const struct
  {
    const char *interface;
    const char *method;
    guint32 first, count;
  } calls[] = {
    { SCD_TEST_IFACE_DETECTOR, "ListFrames", G_MAXUINT32, G_MAXUINT32 },
    { SCD_TEST_IFACE_DETECTOR, "ListFrames", 0, G_MAXUINT32 },
    { SCD_TEST_IFACE_DETECTOR, "ListFrames", G_MAXUINT32 - 1, 2 },
    { SCD_TEST_IFACE_AUDIO, "ListChunks", G_MAXUINT32, G_MAXUINT32 },
    { SCD_TEST_IFACE_AUDIO, "ListChunks", 0, G_MAXUINT32 },
    { SCD_TEST_IFACE_AUDIO, "ListChunks", G_MAXUINT32 - 1, 2 },
  };

  if (f->clip == NULL)
    return;
  session = scd_test_session_run_file (f->service, f->clip->path, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GVariant) reply = NULL;
      g_autoptr (GVariant) entries = NULL;
      GPtrArray *all = g_str_equal (calls[i].method, "ListFrames") ? session->frames
                                                                   : session->chunks;

      g_test_message ("%s(%u, %u)", calls[i].method, calls[i].first, calls[i].count);
      reply = call_session (session, calls[i].interface, calls[i].method,
                            g_variant_new ("(uu)", calls[i].first, calls[i].count), &error);
      g_assert_no_error (error);
      entries = g_variant_get_child_value (reply, 0);
      g_assert_cmpuint (g_variant_n_children (entries), ==, calls[i].first == 0 ? all->len : 0);
    }
}

/* CaptureFrame() needs a running session: InvalidState before Start()
 * and after the end. */
static void
test_capture_when_not_running (Fixture *f, gconstpointer data)
{
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;

  if (f->clip == NULL)
    return;
  session = scd_test_session_create_file (f->service, f->clip->path, NULL);
  reply = call_session (session, SCD_TEST_IFACE_SESSION, "CaptureFrame", NULL, &error);
  g_assert_null (reply);
  scd_test_assert_scened_error (error, "InvalidState");
  g_clear_error (&error);

  scd_test_session_start (session, &error);
  g_assert_no_error (error);
  g_assert_true (scd_test_session_wait_state (session, "stopped", scd_test_timeout_ms (60000)));
  reply = call_session (session, SCD_TEST_IFACE_SESSION, "CaptureFrame", NULL, &error);
  g_assert_null (reply);
  scd_test_assert_scened_error (error, "InvalidState");
}

/* After Close(), the session's path answers NotFound to everything, as
 * does a path that never had a session. */
static void
test_closed_session (Fixture *f, gconstpointer data)
{
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GError) error = NULL;
  const struct
  {
    const char *interface;
    const char *method;
    const char *parameters;
  } calls[] = {
    { SCD_TEST_IFACE_SESSION, "Start", NULL },
    { SCD_TEST_IFACE_SESSION, "Stop", NULL },
    { SCD_TEST_IFACE_SESSION, "Close", NULL },
    { SCD_TEST_IFACE_SESSION, "CaptureFrame", NULL },
    { SCD_TEST_IFACE_DETECTOR, "ListFrames", "(uint32 0, uint32 10)" },
    { SCD_TEST_IFACE_AUDIO, "ListChunks", "(uint32 0, uint32 10)" },
    { "org.freedesktop.DBus.Properties", "Get", "('org.scened.Scened1.Session', 'State')" },
    { "org.freedesktop.DBus.Properties", "Set",
      "('org.scened.Scened1.SceneDetector', 'Threshold', <10.0>)" },
    { "org.freedesktop.DBus.Properties", "GetAll", "('org.scened.Scened1.Session',)" },
  };
  const char *paths[2];

  if (f->clip == NULL)
    return;
  session = scd_test_session_run_file (f->service, f->clip->path, NULL);
  scd_test_session_close (session, &error);
  g_assert_no_error (error);

  paths[0] = session->path;
  paths[1] = "/org/scened/Scened1/session/19700101_000000";
  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
      {
        g_autoptr (GVariant) reply = NULL;

        g_test_message ("%s.%s on %s", calls[i].interface, calls[i].method, paths[p]);
        reply = scd_test_service_call (
            f->service, paths[p], calls[i].interface, calls[i].method,
            calls[i].parameters != NULL ? g_variant_new_parsed (calls[i].parameters) : NULL, NULL,
            &error);
        g_assert_null (reply);
        scd_test_assert_scened_error (error, "NotFound");
        g_clear_error (&error);
      }
}

/* Manager.SetLocale takes a locale name, never a path (glibc would load
 * locale files from one) nor anything long, and says so when the locale
 * is not installed; a good one is taken. */
static void
test_locale_names (Fixture *f, gconstpointer data)
{
  g_autofree char *long_name = g_strnfill (65, 'a');
  const struct
  {
    const char *name;
    const char *error;
  } cases[] = {
    { "", "InvalidArgument" },
    { "../../../tmp/locale", "InvalidArgument" },
    { "/usr/lib/locale/C.utf8", "InvalidArgument" },
    { "de_DE.UTF-8\n", "InvalidArgument" },
    { long_name, "InvalidArgument" },
    { "xx_XX.UTF-8", "Unsupported" },
    { "C.UTF-8", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GVariant) reply = scd_test_service_call (
          f->service, SCD_TEST_MANAGER_PATH, SCD_TEST_IFACE_MANAGER, "SetLocale",
          g_variant_new ("(s)", cases[i].name), NULL, &error);

      g_test_message ("SetLocale (“%s”)", cases[i].name);
      if (cases[i].error == NULL)
        g_assert_no_error (error);
      else
        scd_test_assert_scened_error (error, cases[i].error);
    }
  scd_test_service_assert_alive (f->service);
}

static void
add (const char *name, void (*test) (Fixture *, gconstpointer))
{
  g_test_add (name, Fixture, NULL, setup, test, teardown);
}

int
main (int argc, char **argv)
{
  int ret;

  scd_test_init (&argc, &argv);
  add ("/bad-input/missing-file", test_missing_file);
  add ("/bad-input/relative-path", test_relative_path);
  add ("/bad-input/not-media", test_not_media);
  add ("/bad-input/directory-as-source", test_directory_as_source);
  add ("/bad-input/unknown-key", test_unknown_key);
  add ("/bad-input/mistyped-option", test_mistyped_option);
  add ("/bad-input/no-source", test_no_source);
  add ("/bad-input/long-strings", test_long_strings);
  add ("/bad-input/absurd-values", test_absurd_values);
  add ("/bad-input/property-writes", test_property_writes);
  add ("/bad-input/region-values", test_region_values);
  add ("/bad-input/broken-files", test_broken_files);
  add ("/bad-input/protocols", test_protocols);
  add ("/bad-input/non-finite-values", test_non_finite_values);
  add ("/bad-input/open-session-outside", test_open_session_outside);
  add ("/bad-input/list-huge", test_list_huge);
  add ("/bad-input/capture-when-not-running", test_capture_when_not_running);
  add ("/bad-input/closed-session", test_closed_session);
  add ("/bad-input/locale-names", test_locale_names);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
