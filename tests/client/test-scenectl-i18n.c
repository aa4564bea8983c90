/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scenectl speaks German with the catalogue built in the build tree.
 *
 * The locale is C.UTF-8 with LANGUAGE=de: glibc (2.35 and later, so
 * Debian 12) builds C.UTF-8 in and, unlike for plain "C", lets LANGUAGE
 * pick the catalogue, so no de_DE locale needs to be generated on the test
 * machine. SCENED_LOCALEDIR points scenectl at build/po, where meson puts
 * de/LC_MESSAGES/scened.mo.
 */
#include "config.h"

#include <string.h>

#include "scenectl-test-run.h"

static const char *const german_env[] = {
  "LANGUAGE=de",
  "LC_ALL=C.UTF-8",
  "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/scenectl-test-bus",
  NULL,
};

static void
test_catalogue_built (void)
{
  const char *dir = g_getenv ("SCENED_LOCALEDIR");
  g_autofree char *mo = NULL;

  g_assert_nonnull (dir);
  mo = g_build_filename (dir, "de", "LC_MESSAGES", "scened.mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    g_error ("%s is missing: build the project (ninja) before running the tests", mo);
}

static void
test_unknown_command (void)
{
  g_autoptr (ScenectlTestProc) proc = scenectl_test_run (german_env, "frobnicate", NULL);

  scenectl_test_assert_status (proc, 2);
  g_assert_cmpstr (proc->out->str, ==, "");
  scenectl_test_assert_err_contains (proc, "scenectl: Unbekannter Befehl „frobnicate“\n");
  scenectl_test_assert_err_contains (proc, "„scenectl --help“ liefert weitere Informationen.");
}

static void
test_missing_argument (void)
{
  g_autoptr (ScenectlTestProc) proc = scenectl_test_run (german_env, "stop", NULL);

  scenectl_test_assert_status (proc, 2);
  scenectl_test_assert_err_contains (proc, "scenectl stop: Fehlendes Argument\n");
  scenectl_test_assert_err_contains (proc, "„scenectl stop --help“ liefert weitere Informationen.");
}

static void
test_bad_value (void)
{
  g_autoptr (ScenectlTestProc)
      proc = scenectl_test_run (german_env, "set", "20261121_113500", "threshold", "viel", NULL);

  scenectl_test_assert_status (proc, 2);
  scenectl_test_assert_err_contains (proc, "Ungültiger Wert „viel“ für „threshold“: "
                                           "Eine Zahl wird erwartet");
}

/* Where the locale writes numbers as 4,5 (and scenectl prints them so),
 * "--threshold 4,5" is read as 4.5, not refused; 4.5 still is read, and
 * 4,5x is not a number. de_DE.UTF-8 is built for the test with localedef
 * into a folder of its own (LOCPATH), where the system has the sources. */
static void
test_decimal_comma (void)
{
  g_autofree char *dir = scenectl_test_german_locale ();
  g_autofree char *locpath = g_strconcat ("LOCPATH=", dir, NULL);
  const char *env[] = { locpath, "LC_ALL=de_DE.UTF-8", "LANGUAGE=de",
                        "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus", NULL };
  const struct
  {
    const char *value;
    int status; /* 1: read, then no bus; 2: refused as usage */
  } cases[] = { { "4,5", 1 }, { "4.5", 1 }, { "4,5x", 2 } };

  if (dir == NULL)
    {
      g_test_skip ("localedef could not build de_DE.UTF-8 here (no locale sources)");
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (ScenectlTestProc) proc = scenectl_test_run (
          env, "analyze", "--threshold", cases[i].value, "/nonexistent/clip.mp4", NULL);

      g_test_message ("--threshold %s: exit %d", cases[i].value, proc->status);
      scenectl_test_assert_status (proc, cases[i].status);
    }
  scenectl_test_remove_tree (dir);
}

static void
test_help (void)
{
  g_autoptr (ScenectlTestProc) proc = scenectl_test_run (german_env, "--help", NULL);

  scenectl_test_assert_status (proc, 0);
  scenectl_test_assert_out_contains (proc, "BEFEHL [ARGUMENTE …]");
  scenectl_test_assert_out_contains (proc, "Befehle:\n");
  scenectl_test_assert_out_contains (
      proc, "  analyze  Eine Datei analysieren und Bilder und Abschnitte ausgeben");
  scenectl_test_assert_out_contains (proc, "  list     Die Sitzungen auflisten\n");
  scenectl_test_assert_out_contains (proc, "JSON ausgeben (JSON Lines für Ereignisströme)");
  g_assert_null (strstr (proc->out->str, "Analyze a file"));
}

static void
test_subcommand_help (void)
{
  g_autoptr (ScenectlTestProc) proc = scenectl_test_run (german_env, "analyze", "--help", NULL);

  scenectl_test_assert_status (proc, 0);
  /* "[OPTION…]" is GLib's to translate, not ours. */
  scenectl_test_assert_out_contains (proc, "  scenectl analyze [");
  scenectl_test_assert_out_contains (proc, "] DATEI\n");
  scenectl_test_assert_out_contains (proc, "--threshold=WERT");
  scenectl_test_assert_out_contains (proc, "Schwellwert für Szenenwechsel, 0 bis 100");
  scenectl_test_assert_out_contains (proc, "Analysiert eine Mediendatei");
}

/* The same calls without LANGUAGE, or with the catalogue elsewhere, are
 * English: what makes the output German above is the catalogue. */
static void
test_english_without_catalogue (void)
{
  const char *const no_language[] = { "LANGUAGE", NULL };
  const char *const no_catalogue[] = {
    "LANGUAGE=de",
    "SCENED_LOCALEDIR=/nonexistent/locale",
    NULL,
  };
  g_autoptr (ScenectlTestProc) english = scenectl_test_run (no_language, "frobnicate", NULL);
  g_autoptr (ScenectlTestProc) missing = scenectl_test_run (no_catalogue, "frobnicate", NULL);

  scenectl_test_assert_status (english, 2);
  scenectl_test_assert_err_contains (english, "scenectl: Unknown command “frobnicate”\n");
  scenectl_test_assert_status (missing, 2);
  scenectl_test_assert_err_contains (missing, "scenectl: Unknown command “frobnicate”\n");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenectl/i18n/catalogue-built", test_catalogue_built);
  g_test_add_func ("/scenectl/i18n/unknown-command", test_unknown_command);
  g_test_add_func ("/scenectl/i18n/missing-argument", test_missing_argument);
  g_test_add_func ("/scenectl/i18n/bad-value", test_bad_value);
  g_test_add_func ("/scenectl/i18n/decimal-comma", test_decimal_comma);
  g_test_add_func ("/scenectl/i18n/help", test_help);
  g_test_add_func ("/scenectl/i18n/subcommand-help", test_subcommand_help);
  g_test_add_func ("/scenectl/i18n/english-without-catalogue", test_english_without_catalogue);

  return g_test_run ();
}
