/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The contracts' tables: every CreateSession default is a value the
 * service accepts, the enumerated values and states survive a round trip
 * through their names, and unknown names are refused.
 */
#include <math.h>

#include "scd-option-table.h"
#include "scd-option-values.h"
#include "scd-session-options.h"
#include "scd-session-state.h"

static void
test_defaults_accepted (void)
{
  const ScdOptionTable *table = &scd_create_session_options;

  for (gsize i = 0; i < table->n_options; i++)
    {
      const ScdOption *option = &table->options[i];

      g_test_message ("%s", option->key);
      g_assert_nonnull (scd_option_table_find (table, option->key));
      g_assert_true (g_variant_type_string_is_valid (option->type));
      if (option->max > option->min)
        {
          g_assert_true (scd_option_in_range (option, option->default_number));
          g_assert_false (scd_option_in_range (option, option->max + 1.0));
          /* Below the minimum: half of it where 0 means off. */
          g_assert_false (scd_option_in_range (option, option->zero_is_off ? option->min / 2
                                                                           : option->min - 0.5));
          g_assert_false (scd_option_in_range (option, NAN));
        }
    }
  g_assert_null (scd_option_table_find (table, "scene_threshold"));
}

/* The smallest values that still make sense: a frame interval is 0 (off)
 * or at least 0.1 s, a chunk at least a second. */
static void
test_minimums (void)
{
  const ScdOption *interval = scd_session_option ("max-frame-interval");
  const ScdOption *chunk = scd_session_option ("audio-chunk-seconds");

  g_assert_true (scd_option_in_range (interval, 0.0));
  g_assert_true (scd_option_in_range (interval, 0.1));
  g_assert_false (scd_option_in_range (interval, 0.05));
  g_assert_false (scd_option_in_range (interval, 1e-300));
  g_assert_false (scd_option_in_range (interval, -0.0 - 1e-9));
  g_assert_true (scd_option_in_range (chunk, 1.0));
  g_assert_false (scd_option_in_range (chunk, 0.1));
  g_assert_false (scd_option_in_range (chunk, 0.0));
}

/* What CreateSession gives an option it was not given is the table's. */
static void
test_defaults_used (void)
{
  g_autoptr (ScdSessionOptions) opts = scd_session_options_new ();
  g_autofree char *audio_source = scd_session_options_audio_source (opts);

  g_assert_cmpfloat (opts->scene_threshold, ==,
                     scd_session_option ("scene-threshold")->default_number);
  g_assert_cmpfloat (opts->audio_chunk_seconds, ==,
                     scd_session_option ("audio-chunk-seconds")->default_number);
  g_assert_cmpstr (audio_source, ==, scd_session_option ("audio-source")->default_string);
  g_assert_cmpstr (scd_hwaccel_to_string (opts->hwaccel), ==,
                   scd_session_option ("hwaccel")->default_string);
}

static void
test_values (void)
{
  const char *const audio_sources[] = { "stream", "none", "pulse:", "pulse:mic.monitor" };
  ScdAudioSource source;
  ScdHwaccel hwaccel;
  char *pulse_name;

  for (ScdHwaccel h = SCD_HWACCEL_AUTO; h <= SCD_HWACCEL_NONE; h++)
    {
      g_assert_true (scd_hwaccel_from_string (scd_hwaccel_to_string (h), &hwaccel));
      g_assert_cmpint (hwaccel, ==, h);
    }
  g_assert_false (scd_hwaccel_from_string ("vulkan", &hwaccel));
  g_assert_false (scd_hwaccel_from_string (NULL, &hwaccel));

  for (gsize i = 0; i < G_N_ELEMENTS (audio_sources); i++)
    {
      g_autofree char *back = NULL;

      g_assert_true (scd_audio_source_from_string (audio_sources[i], &source, &pulse_name));
      back = scd_audio_source_to_string (source, pulse_name);
      g_assert_cmpstr (back, ==, audio_sources[i]);
      g_assert_true ((pulse_name != NULL) == (source == SCD_AUDIO_SOURCE_PULSE));
      g_free (pulse_name);
    }
  g_assert_false (scd_audio_source_from_string ("mic", &source, &pulse_name));
  g_assert_null (pulse_name);
}

/* Two PulseAudio sources, labelled or not; anything else with "+pulse:"
 * is refused. A lone source keeps whatever its name holds. */
static void
test_two_pulse_sources (void)
{
  const char *const invalid[] = {
    "pulse:a+pulse:b+pulse:c",
    "pulse:a=me+pulse:b=me",
    "pulse:a+pulse:a",
    "pulse:a=+pulse:b",
    "pulse:a=m e+pulse:b",
    "pulse:a+pulse:b=a.b",
    "pulse:a=abcdefghijklmnopqrstuvwxyz0123456+pulse:b",
  };
  char *names[SCD_PULSE_SOURCES_MAX], *labels[SCD_PULSE_SOURCES_MAX];
  ScdAudioSource source;
  char *pulse_name;

  g_assert_cmpuint (scd_pulse_sources_split ("mic=me", names, labels), ==, 1);
  g_assert_cmpstr (names[0], ==, "mic=me");
  g_assert_null (labels[0]);
  g_free (names[0]);

  g_assert_cmpuint (scd_pulse_sources_split ("mic=me+pulse:sink.monitor", names, labels), ==, 2);
  g_assert_cmpstr (names[0], ==, "mic");
  g_assert_cmpstr (labels[0], ==, "me");
  g_assert_cmpstr (names[1], ==, "sink.monitor");
  g_assert_null (labels[1]);
  for (guint i = 0; i < 2; i++)
    {
      g_free (names[i]);
      g_free (labels[i]);
    }

  g_assert_true (
      scd_audio_source_from_string ("pulse:mic=me+pulse:sink.monitor=call", &source, &pulse_name));
  g_assert_cmpint (source, ==, SCD_AUDIO_SOURCE_PULSE);
  g_assert_cmpstr (pulse_name, ==, "mic=me+pulse:sink.monitor=call");
  g_free (pulse_name);
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_assert_false (scd_audio_source_from_string (invalid[i], &source, &pulse_name));
      g_assert_null (pulse_name);
    }
}

static void
test_states (void)
{
  ScdSessionState state;

  for (ScdSessionState s = SCD_SESSION_STATE_CREATED; s <= SCD_SESSION_STATE_FAILED; s++)
    {
      g_assert_true (scd_session_state_from_string (scd_session_state_to_string (s), &state));
      g_assert_cmpint (state, ==, s);
      g_assert_true (scd_session_state_is_final (s)
                     == (s == SCD_SESSION_STATE_STOPPED || s == SCD_SESSION_STATE_FAILED));
    }
  g_assert_cmpstr (scd_session_state_to_string (SCD_SESSION_STATE_RECONNECTING), ==,
                   "reconnecting");
  g_assert_false (scd_session_state_from_string ("paused", &state));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/option-table/defaults-accepted", test_defaults_accepted);
  g_test_add_func ("/option-table/minimums", test_minimums);
  g_test_add_func ("/option-table/defaults-used", test_defaults_used);
  g_test_add_func ("/option-table/values", test_values);
  g_test_add_func ("/option-table/two-pulse-sources", test_two_pulse_sources);
  g_test_add_func ("/option-table/states", test_states);
  return g_test_run ();
}
