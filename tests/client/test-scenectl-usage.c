/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scenectl's command line contract without a service: usage mistakes exit
 * with 2 and say what is wrong, --help and --version exit with 0, and a
 * bus that cannot be reached is a service error (1). The session bus
 * address points at nothing, so a usage check that wrongly reached for the
 * bus would exit with 1 and fail here.
 */
#include "config.h"

#include <string.h>

#include "scenectl-test-run.h"

static const char *const no_bus_env[] = {
  "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/scenectl-test-bus",
  "DBUS_STARTER_ADDRESS",
  "DBUS_STARTER_BUS_TYPE",
  NULL,
};

static const char *const subcommands[] = {
  "analyze", "record",  "list",  "status", "stop",    "close",   "frames", "chunks",
  "set",     "capture", "proxy", "stream", "sources", "monitor", NULL,
};

static ScenectlTestProc *
run_args (const char *const *args)
{
  return scenectl_test_runv (NULL, no_bus_env, args, SCENECTL_TEST_TIMEOUT_MS);
}

static void
assert_usage_error (const char *const *args, const char *message)
{
  g_autoptr (ScenectlTestProc) proc = run_args (args);
  g_autofree char *joined = g_strjoinv (" ", (char **) args);

  g_test_message ("scenectl %s", joined);
  scenectl_test_assert_status (proc, 2);
  g_assert_cmpstr (proc->out->str, ==, "");
  if (message != NULL)
    scenectl_test_assert_err_contains (proc, message);
  /* Every usage error points at the help. */
  scenectl_test_assert_err_contains (proc, "--help” for more information.");
}

static void
test_no_command (void)
{
  const char *const args[] = { NULL };
  g_autoptr (ScenectlTestProc) proc = run_args (args);

  scenectl_test_assert_status (proc, 2);
  g_assert_cmpstr (proc->out->str, ==, "");
  for (const char *const *c = subcommands; *c != NULL; c++)
    scenectl_test_assert_err_contains (proc, *c);
}

static void
test_unknown_command (void)
{
  const char *const args[] = { "frobnicate", "x", NULL };

  assert_usage_error (args, "scenectl: Unknown command “frobnicate”");
}

static void
test_unknown_option (void)
{
  const char *const global[] = { "--frobnicate", "list", NULL };
  const char *const sub[] = { "list", "--frobnicate", NULL };
  const char *const sub_short[] = { "frames", "-Z", "20261121_113500", NULL };

  assert_usage_error (global, "--frobnicate");
  assert_usage_error (sub, "scenectl list: Unknown option --frobnicate");
  assert_usage_error (sub_short, "scenectl frames: Unknown option -Z");
}

static void
test_missing_argument (void)
{
  const char *const cases[][4] = {
    { "analyze" },
    { "record" },
    { "stop" },
    { "close" },
    { "frames" },
    { "chunks" },
    { "capture" },
    { "proxy" },
    { "set" },
    { "set", "20261121_113500" },
    { "set", "20261121_113500", "threshold" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expected = g_strdup_printf ("scenectl %s: Missing argument", cases[i][0]);

      assert_usage_error (cases[i], expected);
    }
}

static void
test_too_many_arguments (void)
{
  const char *const cases[][6] = {
    { "list", "extra" },
    { "sources", "extra" },
    { "status", "a", "b" },
    { "monitor", "a", "b" },
    { "stop", "a", "b" },
    { "analyze", "a.mp4", "b.mp4" },
    { "set", "a", "threshold", "1", "2" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_usage_error (cases[i], "Too many arguments");
}

static void
test_bad_values (void)
{
  const struct
  {
    const char *args[7];
    const char *message;
  } cases[] = {
    { { "set", "20261121_113500", "bogus", "1" }, "Unknown setting “bogus”" },
    { { "set", "20261121_113500", "threshold", "abc" },
      "Invalid value “abc” for “threshold”: expected a number" },
    { { "set", "20261121_113500", "chunk-duration", "inf" }, "expected a number" },
    { { "set", "bad id!", "threshold", "10" }, "“bad id!” is not a session" },
    { { "frames", "bad id!" }, "“bad id!” is not a session" },
    { { "status", "../etc" }, "“../etc” is not a session" },
    { { "frames", "--count", "-2", "20261121_113500" }, "--count must not be negative" },
    { { "chunks", "--first", "-1", "20261121_113500" }, "--first must not be negative" },
    { { "frames", "--count", "many", "20261121_113500" }, "many" },
    { { "proxy", "--height", "-1", "20261121_113500" }, "positive number of pixels" },
    { { "analyze", "--option", "novalue", "clip.mp4" },
      "Option “novalue” is not of the form KEY=VALUE" },
    { { "analyze", "--threshold", "abc", "clip.mp4" },
      "Invalid value “abc” for “scene-threshold”: expected a number" },
    { { "analyze", "--option", "audio-sample-rate=fast", "clip.mp4" },
      "Invalid value “fast” for “audio-sample-rate”: expected a whole number" },
    { { "analyze", "--option", "realtime=maybe", "clip.mp4" },
      "Invalid value “maybe” for “realtime”: expected true or false" },
    { { "record", "--chunk-seconds", "1,5", "tcp://127.0.0.1:9?listen" }, "expected a number" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_usage_error (cases[i].args, cases[i].message);
}

static void
test_help (void)
{
  const char *const args[] = { "--help", NULL };
  g_autoptr (ScenectlTestProc) proc = run_args (args);

  scenectl_test_assert_status (proc, 0);
  scenectl_test_assert_out_contains (proc, "scenectl [OPTION…] COMMAND [ARGUMENTS…]");
  scenectl_test_assert_out_contains (proc, "--json");
  for (const char *const *c = subcommands; *c != NULL; c++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %s ", *c);

      scenectl_test_assert_out_contains (proc, line);
    }
}

static void
test_subcommand_help (void)
{
  for (const char *const *c = subcommands; *c != NULL; c++)
    {
      const char *const args[] = { *c, "--help", NULL };
      g_autoptr (ScenectlTestProc) proc = run_args (args);
      g_autofree char *usage = g_strdup_printf ("scenectl %s [OPTION…]", *c);

      scenectl_test_assert_status (proc, 0);
      scenectl_test_assert_out_contains (proc, usage);
      scenectl_test_assert_out_contains (proc, "--json");
    }

  {
    const char *const args[] = { "analyze", "--help", NULL };
    g_autoptr (ScenectlTestProc) proc = run_args (args);

    scenectl_test_assert_out_contains (proc, "--threshold=VALUE");
    scenectl_test_assert_out_contains (proc, "--chunk-seconds=SECONDS");
    scenectl_test_assert_out_contains (proc, "--option=KEY=VALUE");
  }
}

static void
test_version (void)
{
  const char *const args[] = { "--version", NULL };
  g_autoptr (ScenectlTestProc) proc = run_args (args);
  g_autofree char *expected = g_strdup_printf ("scenectl %s\n", g_getenv ("SCENED_VERSION"));

  g_assert_nonnull (g_getenv ("SCENED_VERSION"));
  scenectl_test_assert_status (proc, 0);
  g_assert_cmpstr (proc->out->str, ==, expected);
  g_assert_cmpstr (proc->err->str, ==, "");
}

static void
test_no_bus (void)
{
  const char *const cases[][3] = {
    { "list" },
    { "--json", "status" },
    { "stop", "20261121_113500" },
    { "analyze", "/nonexistent/clip.mp4" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (ScenectlTestProc) proc = run_args (cases[i]);

      scenectl_test_assert_status (proc, 1);
      g_assert_cmpstr (proc->out->str, ==, "");
      scenectl_test_assert_err_contains (proc, "Cannot connect to the session bus");
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenectl/usage/no-command", test_no_command);
  g_test_add_func ("/scenectl/usage/unknown-command", test_unknown_command);
  g_test_add_func ("/scenectl/usage/unknown-option", test_unknown_option);
  g_test_add_func ("/scenectl/usage/missing-argument", test_missing_argument);
  g_test_add_func ("/scenectl/usage/too-many-arguments", test_too_many_arguments);
  g_test_add_func ("/scenectl/usage/bad-values", test_bad_values);
  g_test_add_func ("/scenectl/usage/help", test_help);
  g_test_add_func ("/scenectl/usage/subcommand-help", test_subcommand_help);
  g_test_add_func ("/scenectl/usage/version", test_version);
  g_test_add_func ("/scenectl/usage/no-bus", test_no_bus);

  return g_test_run ();
}
