/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every translatable string of the client and the service has a German
 * translation that is neither missing nor fuzzy and whose format
 * directives match, and every source file with a translatable string is
 * in po/POTFILES. Catches a new or changed message, or a new file, that
 * nobody translated.
 *
 * The extraction uses the keywords of meson's glib preset (po/meson.build),
 * so it sees what "ninja scened-pot" sees. A C program rather than a
 * shell script, so that the valgrind test setup checks this program and
 * not /bin/sh.
 *
 * Environment: SCENED_SOURCE_ROOT, the project's source directory.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static const char *const xgettext_args[] = {
  "xgettext",
  "--package-name=scened",
  "--from-code=UTF-8",
  "--add-comments=Translators:",
  "--keyword=_",
  "--keyword=N_",
  "--keyword=C_:1c,2",
  "--keyword=NC_:1c,2",
  "--keyword=g_dcgettext:2",
  "--keyword=g_dngettext:2,3",
  "--keyword=g_dpgettext2:2c,3",
  "--flag=N_:1:pass-c-format",
  "--flag=C_:2:pass-c-format",
  "--flag=NC_:2:pass-c-format",
  "--flag=g_dngettext:2:pass-c-format",
  "--flag=g_strdup_printf:1:c-format",
  "--flag=g_string_printf:2:c-format",
  "--flag=g_string_append_printf:2:c-format",
  "--flag=g_error_new:3:c-format",
  "--flag=g_set_error:4:c-format",
  "--flag=g_print:1:c-format",
  "--flag=g_printerr:1:c-format",
  "--flag=g_prefix_error:2:c-format",
  NULL,
};

static char *tmp_dir;

static const char *
source_root (void)
{
  const char *root = g_getenv ("SCENED_SOURCE_ROOT");

  if (root == NULL || !g_file_test (root, G_FILE_TEST_IS_DIR))
    g_error ("SCENED_SOURCE_ROOT (%s) is not a directory: run the tests with meson test",
             root != NULL ? root : "unset");
  return root;
}

/* Runs a gettext tool in the source root; returns its stderr. */
static char *
run_tool (GPtrArray *argv)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C", TRUE);
  g_autofree char *out = NULL;
  char *err = NULL;
  int status = 0;

  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (source_root (), (char **) argv->pdata, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("%s: %s (the gettext tools are needed to build the translations)",
             (const char *) argv->pdata[0], error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s%s", (const char *) argv->pdata[0], error->message, out, err);

  return err;
}

/* run_tool() on a command line written out in full. */
static char *run_tool_args (const char *tool, ...) G_GNUC_NULL_TERMINATED;

static char *
run_tool_args (const char *tool, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  va_start (args, tool);
  for (const char *arg = tool; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);

  return run_tool (argv);
}

static GStrv
potfiles_entries (void)
{
  g_autofree char *potfiles_path = g_build_filename (source_root (), "po", "POTFILES", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) lines = NULL;

  g_file_get_contents (potfiles_path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      g_strstrip (*l);
      if (**l != '\0' && **l != '#')
        g_strv_builder_add (builder, *l);
    }

  return g_strv_builder_end (builder);
}

static gboolean
has_translatable_strings (const char *path)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  return strstr (contents, "_(\"") != NULL || strstr (contents, "ngettext (") != NULL;
}

static void
test_potfiles_lists_sources (void)
{
  static const char *const dirs[] = { "client", "service" };
  g_auto (GStrv) listed = potfiles_entries ();

  for (gsize d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *dir_path = g_build_filename (source_root (), dirs[d], NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (GDir) dir = g_dir_open (dir_path, 0, &error);
      const char *name;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_strconcat (dirs[d], "/", name, NULL);
          g_autofree char *full = g_build_filename (dir_path, name, NULL);

          if (g_str_has_suffix (name, ".c") && has_translatable_strings (full)
              && !g_strv_contains ((const char *const *) listed, path))
            g_error ("%s has translatable strings but is not in po/POTFILES", path);
        }
    }
}

static void
test_german_complete (void)
{
  g_auto (GStrv) files = potfiles_entries ();
  g_autofree char *pot = g_build_filename (tmp_dir, "scened.pot", NULL);
  g_autofree char *merged = g_build_filename (tmp_dir, "de.po", NULL);
  g_autofree char *pot_text = NULL;
  g_autofree char *stats = NULL;
  g_autoptr (GPtrArray) argv = NULL;
  g_autoptr (GError) error = NULL;
  guint n_messages = 0;

  g_assert_cmpuint (g_strv_length (files), >, 0);

  argv = g_ptr_array_new ();
  for (const char *const *a = xgettext_args; *a != NULL; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  g_ptr_array_add (argv, "-o");
  g_ptr_array_add (argv, pot);
  for (char **f = files; *f != NULL; f++)
    g_ptr_array_add (argv, *f);
  g_free (run_tool (argv));

  g_file_get_contents (pot, &pot_text, NULL, &error);
  g_assert_no_error (error);
  for (const char *p = pot_text; (p = strstr (p, "\nmsgid ")) != NULL; p++)
    n_messages++;
  g_test_message ("%u messages", n_messages);
  /* Far fewer would mean the extraction is broken, not that all is well. */
  g_assert_cmpuint (n_messages, >=, 50);

  /* No fuzzy matching: a changed message must come out untranslated. */
  g_free (run_tool_args ("msgmerge", "--quiet", "--no-fuzzy-matching", "po/de.po", pot, "-o",
                         merged, NULL));

  /* --check-format fails on a translation whose directives differ. */
  stats = run_tool_args ("msgfmt", "--check-format", "--statistics", "-o", "/dev/null", merged,
                         NULL);
  g_strstrip (stats);
  g_test_message ("po/de.po: %s", stats);

  if (strstr (stats, "fuzzy") != NULL || strstr (stats, "untranslated") != NULL)
    {
      g_autofree char *merged_text = NULL;

      g_file_get_contents (merged, &merged_text, NULL, NULL);
      g_printerr ("%s\n", merged_text);
      g_error ("po/de.po is not complete: %s (merged file above)", stats);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("scened-po-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/po/potfiles-lists-sources", test_potfiles_lists_sources);
  g_test_add_func ("/po/german-complete", test_german_complete);

  status = g_test_run ();

  {
    g_autofree char *pot = g_build_filename (tmp_dir, "scened.pot", NULL);
    g_autofree char *merged = g_build_filename (tmp_dir, "de.po", NULL);

    g_unlink (pot);
    g_unlink (merged);
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }

  return status;
}
