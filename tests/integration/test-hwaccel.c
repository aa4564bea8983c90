/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Hardware decoding as the service reports it. Without a GPU (CI):
 * HardwareDecoders is empty, "cuda" is refused with Unsupported, "auto"
 * decodes in software and says so. With one: "cuda" decodes on it, says
 * so, and finds the same cuts as software decoding.
 */
#include "config.h"

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-service.h"

static GStrv
hardware_decoders (ScdTestService *service)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) value = scd_test_service_get_property (
      service, SCD_TEST_MANAGER_PATH, SCD_TEST_IFACE_MANAGER, "HardwareDecoders", &error);

  g_assert_no_error (error);
  return g_variant_dup_strv (value, NULL);
}

static GArray *
frame_indexes (ScdTestSession *session)
{
  GArray *indexes = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < session->frames->len; i++)
    {
      double t = 0.0;

      g_variant_lookup (g_ptr_array_index (session->frames, i), "timestamp", "d", &t);
      g_array_append_val (indexes, t);
    }
  return indexes;
}

static char *
run_with (ScdTestService *service, const ScdTestClip *clip, const char *hwaccel, GArray **cuts)
{
  g_autoptr (ScdTestSession) session = scd_test_session_run_file (
      service, clip->path, g_variant_new_parsed ("{'hwaccel': <%s>}", hwaccel));

  *cuts = frame_indexes (session);
  return scd_test_session_get_string (session, "VideoDecoder");
}

static void
test_decoders (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_auto (GStrv) decoders = NULL;
  g_autofree char *auto_decoder = NULL;
  g_autofree char *none_decoder = NULL;
  g_autoptr (GArray) auto_cuts = NULL;
  g_autoptr (GArray) none_cuts = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  decoders = hardware_decoders (service);
  none_decoder = run_with (service, clip, "none", &none_cuts);
  auto_decoder = run_with (service, clip, "auto", &auto_cuts);
  g_test_message ("HardwareDecoders: %u; none: %s; auto: %s", g_strv_length (decoders),
                  none_decoder, auto_decoder);
  g_assert_cmpstr (none_decoder, ==, "h264 (software)");

  if (!g_strv_contains ((const char *const *) decoders, "cuda"))
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ScdTestSession) refused = NULL;

      g_test_message ("no CUDA here: checking the software fallback");
      g_assert_cmpuint (g_strv_length (decoders), ==, 0);
      g_assert_cmpstr (auto_decoder, ==, "h264 (software)");
      refused = scd_test_session_create (
          service, g_variant_new_parsed ("{'source': <%s>, 'hwaccel': <'cuda'>}", clip->path),
          &error);
      g_assert_null (refused);
      scd_test_assert_scened_error (error, "Unsupported");
      g_test_message ("refused: %s", error->message);
    }
  else
    {
      g_autofree char *cuda_decoder = NULL;
      g_autoptr (GArray) cuda_cuts = NULL;

      g_test_message ("CUDA here: checking that it decodes and finds the same cuts");
      cuda_decoder = run_with (service, clip, "cuda", &cuda_cuts);
      g_assert_cmpstr (cuda_decoder, ==, "h264 (cuda)");
      g_assert_cmpstr (auto_decoder, ==, "h264 (cuda)");
      g_assert_cmpuint (cuda_cuts->len, ==, none_cuts->len);
      for (guint i = 0; i < none_cuts->len; i++)
        g_assert_cmpfloat (g_array_index (cuda_cuts, double, i), ==,
                           g_array_index (none_cuts, double, i));
    }
  /* Either way the same cuts as software. */
  g_assert_cmpuint (auto_cuts->len, ==, none_cuts->len);
  for (guint i = 0; i < none_cuts->len; i++)
    g_assert_cmpfloat (g_array_index (auto_cuts, double, i), ==,
                       g_array_index (none_cuts, double, i));
  scd_test_service_assert_alive (service);
}

int
main (int argc, char *argv[])
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/hwaccel/decoders", test_decoders);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
