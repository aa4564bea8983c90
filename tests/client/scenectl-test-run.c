/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The child process side of the scenectl tests: spawn, read stdout and
 * stderr as they come on the default main context, wait with timeouts.
 * Timeouts are stretched by SCD_TEST_TIMEOUT_FACTOR, like the integration
 * tests' (slow machines, valgrind).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "scenectl-test-run.h"

typedef struct
{
  ScenectlTestProc *proc;
  GInputStream *stream;
  GString *into;
  gboolean *done;
  char buf[4096];
} Reader;

static guint
scaled (guint timeout_ms)
{
  const char *factor = g_getenv ("SCD_TEST_TIMEOUT_FACTOR");
  double f = factor != NULL ? g_ascii_strtod (factor, NULL) : 1.0;

  if (!(f >= 1.0))
    f = 1.0;
  return (guint) MIN ((double) timeout_ms * f, (double) G_MAXUINT / 2);
}

static void read_next (Reader *reader);

static void
read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Reader *reader = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n > 0)
    {
      g_string_append_len (reader->into, reader->buf, n);
      read_next (reader);
      return;
    }

  *reader->done = TRUE;
  g_free (reader);
}

static void
read_next (Reader *reader)
{
  g_input_stream_read_async (reader->stream, reader->buf, sizeof reader->buf, G_PRIORITY_DEFAULT,
                             NULL, read_cb, reader);
}

static void
start_reading (ScenectlTestProc *proc, GInputStream *stream, GString *into, gboolean *done)
{
  Reader *reader = g_new0 (Reader, 1);

  reader->proc = proc;
  reader->stream = stream;
  reader->into = into;
  reader->done = done;
  read_next (reader);
}

static void
wait_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ScenectlTestProc *proc = user_data;
  GSubprocess *subprocess = G_SUBPROCESS (source);

  g_subprocess_wait_finish (subprocess, result, NULL);
  if (g_subprocess_get_if_exited (subprocess))
    proc->status = g_subprocess_get_exit_status (subprocess);
  else
    proc->status = -1;
  proc->exited = TRUE;
}

ScenectlTestProc *
scenectl_test_spawn (const char *cwd, const char *const *env, const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  ScenectlTestProc *proc;
  const char *scenectl = g_getenv ("SCENECTL");

  if (scenectl == NULL || !g_file_test (scenectl, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("SCENECTL (%s) is not an executable: run the tests with meson test",
             scenectl != NULL ? scenectl : "unset");

  /* The launcher takes a copy of the environment now, so a bus that
   * GTestDBus brought up before this call is the one the child sees. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  for (const char *const *e = env; e != NULL && *e != NULL; e++)
    {
      const char *eq = strchr (*e, '=');

      if (eq == NULL)
        {
          g_subprocess_launcher_unsetenv (launcher, *e);
        }
      else
        {
          g_autofree char *key = g_strndup (*e, eq - *e);

          g_subprocess_launcher_setenv (launcher, key, eq + 1, TRUE);
        }
    }
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);

  g_ptr_array_add (argv, (gpointer) scenectl);
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  g_ptr_array_add (argv, NULL);

  proc = g_new0 (ScenectlTestProc, 1);
  proc->out = g_string_new (NULL);
  proc->err = g_string_new (NULL);
  proc->status = -1;
  proc->command_line = g_strjoinv (" ", (char **) argv->pdata);
  proc->proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  start_reading (proc, g_subprocess_get_stdout_pipe (proc->proc), proc->out, &proc->out_done);
  start_reading (proc, g_subprocess_get_stderr_pipe (proc->proc), proc->err, &proc->err_done);
  g_subprocess_wait_async (proc->proc, NULL, wait_cb, proc);

  return proc;
}

static gboolean
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
finished (ScenectlTestProc *proc)
{
  return proc->exited && proc->out_done && proc->err_done;
}

gboolean
scenectl_test_wait_output (ScenectlTestProc *proc, const char *needle, guint timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (scaled (timeout_ms), set_true, &timed_out);

  while (strstr (proc->out->str, needle) == NULL && !proc->out_done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  return strstr (proc->out->str, needle) != NULL;
}

gboolean
scenectl_test_wait_exit (ScenectlTestProc *proc, guint timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (scaled (timeout_ms), set_true, &timed_out);

  while (!finished (proc) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  if (finished (proc))
    return TRUE;

  g_printerr ("# %s did not exit in time; killing it\n", proc->command_line);
  g_subprocess_force_exit (proc->proc);
  while (!finished (proc))
    g_main_context_iteration (NULL, TRUE);
  proc->status = -1;

  return FALSE;
}

void
scenectl_test_interrupt (ScenectlTestProc *proc)
{
  g_subprocess_send_signal (proc->proc, SIGINT);
}

void
scenectl_test_dump (ScenectlTestProc *proc)
{
  /* fprintf, not g_printerr: the test program has no locale set, and
   * GLib would turn every non-ASCII character into "?". */
  fflush (stdout);
  fprintf (stderr,
           "# $ %s\n# exit status %d\n"
           "# ---- stdout ----\n%s"
           "# ---- stderr ----\n%s"
           "# ---- end ----\n",
           proc->command_line, proc->status, proc->out->str, proc->err->str);
  fflush (stderr);
}

void
scenectl_test_proc_free (ScenectlTestProc *proc)
{
  if (proc == NULL)
    return;

  /* The readers point into @proc: let them finish first. */
  if (!finished (proc))
    scenectl_test_wait_exit (proc, 0);

  g_clear_object (&proc->proc);
  g_string_free (proc->out, TRUE);
  g_string_free (proc->err, TRUE);
  g_free (proc->command_line);
  g_free (proc);
}

ScenectlTestProc *
scenectl_test_runv (const char *cwd,
                    const char *const *env,
                    const char *const *args,
                    guint timeout_ms)
{
  ScenectlTestProc *proc = scenectl_test_spawn (cwd, env, args);

  if (!scenectl_test_wait_exit (proc, timeout_ms))
    scenectl_test_dump (proc);

  return proc;
}

ScenectlTestProc *
scenectl_test_run (const char *const *env, const char *first_arg, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return scenectl_test_runv (NULL, env, (const char *const *) args->pdata,
                             SCENECTL_TEST_TIMEOUT_MS);
}

GStrv
scenectl_test_lines (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv result;

  for (char **l = lines; *l != NULL; l++)
    if (**l != '\0')
      g_strv_builder_add (builder, *l);

  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return result;
}

guint
scenectl_test_count_prefix (const char *text, const char *prefix)
{
  g_auto (GStrv) lines = scenectl_test_lines (text);
  guint n = 0;

  for (char **l = lines; *l != NULL; l++)
    if (g_str_has_prefix (*l, prefix))
      n++;

  return n;
}

void
scenectl_test_remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
}

char *
scenectl_test_german_locale (void)
{
  g_autofree char *dir = g_dir_make_tmp ("scenectl-locale-XXXXXX", NULL);
  g_autofree char *locale_dir = g_build_filename (dir, "de_DE.UTF-8", NULL);
  const char *localedef[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", locale_dir, NULL };
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) localedef, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    {
      scenectl_test_remove_tree (dir);
      return NULL;
    }
  return g_steal_pointer (&dir);
}
