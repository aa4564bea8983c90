/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * CreateSession options: defaults, types, ranges, sources.
 */
#include <math.h>

#include "scd-error.h"
#include "scd-session-options.h"

static ScdSessionOptions *
parse (const char *text, GError **error)
{
  g_autoptr (GVariant) variant = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);

  g_assert_nonnull (variant);
  return scd_session_options_parse (variant, error);
}

static void
assert_invalid (const char *text, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ScdSessionOptions) opts = parse (text, &error);

  g_assert_null (opts);
  g_assert_error (error, SCD_ERROR, code);
  g_assert_nonnull (strstr (error->message, " ")); /* a sentence, not a code */
}

static void
test_defaults (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ScdSessionOptions) opts = parse ("{'source': <'/media/talk.mp4'>}", &error);

  g_assert_no_error (error);
  g_assert_cmpint (opts->source_kind, ==, SCD_SOURCE_KIND_FILE);
  g_assert_cmpstr (opts->name, ==, "talk.mp4");
  g_assert_cmpint (opts->audio_source, ==, SCD_AUDIO_SOURCE_STREAM);
  g_assert_null (scd_session_options_pulse_source (opts));
  g_assert_cmpint (opts->hwaccel, ==, SCD_HWACCEL_AUTO);
  g_assert_false (opts->record);
  g_assert_false (opts->realtime);
  g_assert_cmpfloat (opts->scene_threshold, ==, 4.0);
  g_assert_cmpfloat (opts->audio_chunk_seconds, ==, 30.0);
  g_assert_cmpuint (opts->audio_sample_rate, ==, 16000);
  g_assert_cmpuint (opts->audio_channels, ==, 1);
}

static void
test_all_keys (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ScdSessionOptions) opts = parse (
      "{'source': <'tcp://127.0.0.1:9000?listen'>, 'name': <'desk'>, 'audio-source': <'none'>,"
      " 'realtime': <true>, 'hwaccel': <'none'>, 'scene-threshold': <20.0>,"
      " 'min-scene-length': <1.0>, 'max-frame-interval': <10.0>, 'audio-chunk-seconds': <5.0>,"
      " 'audio-chunk-min': <3.0>, 'audio-chunk-max': <8.0>,"
      " 'audio-sample-rate': <uint32 48000>, 'audio-channels': <uint32 2>}",
      &error);

  g_assert_no_error (error);
  g_assert_cmpint (opts->source_kind, ==, SCD_SOURCE_KIND_URL);
  g_assert_true (opts->record); /* live sources record by default */
  g_assert_cmpstr (opts->name, ==, "desk");
  g_assert_cmpfloat (opts->max_frame_interval, ==, 10.0);
  g_assert_cmpuint (opts->audio_sample_rate, ==, 48000);
  g_assert_cmpuint (opts->audio_channels, ==, 2);
  g_assert_cmpfloat (opts->audio_chunk_min, ==, 3.0);
  g_assert_cmpfloat (opts->audio_chunk_max, ==, 8.0);
}

static void
test_pulse (void)
{
  g_autoptr (ScdSessionOptions) opts = parse ("{'source': <'pulse:'>}", NULL);

  g_assert_cmpint (opts->source_kind, ==, SCD_SOURCE_KIND_PULSE);
}

static void
test_invalid (void)
{
  assert_invalid ("@a{sv} {}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <''>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'video.mp4'>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'../video.mp4'>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'concat:/a.mp4|/b.mp4'>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'subfile:/a.mp4'>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'data:text/plain,x'>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'file:/etc/passwd'>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'bogus': <1>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'scene-threshold': <'high'>}",
                  SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'scene-threshold': <-1.0>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'scene-threshold': <101.0>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'audio-sample-rate': <uint32 0>}",
                  SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'audio-sample-rate': <16000>}",
                  SCD_ERROR_INVALID_ARGUMENT); /* int32, not uint32 */
  assert_invalid ("{'source': <'/a.mp4'>, 'audio-channels': <uint32 9>}",
                  SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'audio-chunk-seconds': <0.0>}",
                  SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'audio-chunk-seconds': <1e9>}",
                  SCD_ERROR_INVALID_ARGUMENT);
  /* The chunk range must hold the target, and be 1 to 3600 s. */
  assert_invalid ("{'source': <'/a.mp4'>, 'audio-chunk-min': <31.0>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'audio-chunk-max': <29.0>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'audio-chunk-seconds': <5.0>, 'audio-chunk-min': <6.0>}",
                  SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'audio-chunk-min': <0.5>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'audio-chunk-max': <4000.0>}",
                  SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'hwaccel': <'vulkan'>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'audio-source': <'mic'>}", SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'/a.mp4'>, 'audio-source': <'pulse:a+pulse:b+pulse:c'>}",
                  SCD_ERROR_INVALID_ARGUMENT);
  assert_invalid ("{'source': <'pulse:a=x y+pulse:b'>}", SCD_ERROR_INVALID_ARGUMENT);
}

static void
test_non_finite (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (scd_session_options_check ("scene-threshold", NAN, &error));
  g_assert_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (scd_session_options_check ("scene-threshold", INFINITY, &error));
  g_clear_error (&error);
  g_assert_false (scd_session_options_check ("min-scene-length", NAN, &error));
  g_clear_error (&error);
  g_assert_false (scd_session_options_check ("audio-chunk-seconds", -INFINITY, &error));
  g_clear_error (&error);
  g_assert_true (scd_session_options_check ("scene-threshold", 0.0, NULL));
  g_assert_true (scd_session_options_check ("scene-threshold", 100.0, NULL));
  g_assert_false (scd_session_options_check ("scene-threshold", 100.5, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session-options/defaults", test_defaults);
  g_test_add_func ("/session-options/all-keys", test_all_keys);
  g_test_add_func ("/session-options/pulse", test_pulse);
  g_test_add_func ("/session-options/invalid", test_invalid);
  g_test_add_func ("/session-options/non-finite", test_non_finite);
  return g_test_run ();
}
