/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Runs the built scenectl (the SCENECTL environment variable, set by
 * meson) as a child process and collects its exit status, stdout and
 * stderr, with a timeout so that a hung client fails the test instead of
 * the whole suite. Output can be waited on while the child still runs
 * (analyze and monitor print as they go), and the child can be sent
 * SIGINT like a user pressing Ctrl-C.
 *
 * Every child starts from the test's environment with LC_ALL=C.UTF-8 and
 * no LANGUAGE, so that it speaks English unless the test says otherwise.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *proc;
  GString *out;
  GString *err;
  gboolean out_done;
  gboolean err_done;
  gboolean exited;
  int status; /* the exit status, or -1 when killed by a signal */
  char *command_line;
} ScenectlTestProc;

ScenectlTestProc *
scenectl_test_spawn (const char *cwd, const char *const *env, const char *const *args);
gboolean scenectl_test_wait_output (ScenectlTestProc *proc, const char *needle, guint timeout_ms);
gboolean scenectl_test_wait_exit (ScenectlTestProc *proc, guint timeout_ms);
void scenectl_test_interrupt (ScenectlTestProc *proc);
void scenectl_test_dump (ScenectlTestProc *proc);
void scenectl_test_proc_free (ScenectlTestProc *proc);

ScenectlTestProc *
scenectl_test_run (const char *const *env, const char *first_arg, ...) G_GNUC_NULL_TERMINATED;
ScenectlTestProc *scenectl_test_runv (const char *cwd,
                                      const char *const *env,
                                      const char *const *args,
                                      guint timeout_ms);

GStrv scenectl_test_lines (const char *text);
void scenectl_test_remove_tree (const char *dir);
/* de_DE.UTF-8 built with localedef into a new folder, to be given as
 * LOCPATH (and removed after); NULL where the system lacks the locale
 * sources. */
char *scenectl_test_german_locale (void);
guint scenectl_test_count_prefix (const char *text, const char *prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScenectlTestProc, scenectl_test_proc_free)

#define SCENECTL_TEST_TIMEOUT_MS 30000

/* Asserts the exit status, printing the child's output when it is wrong. */
#define scenectl_test_assert_status(proc, expected)                                                \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if ((proc)->status != (expected))                                                              \
      scenectl_test_dump (proc);                                                                   \
    g_assert_cmpint ((proc)->status, ==, (expected));                                              \
  }                                                                                                \
  G_STMT_END

#define scenectl_test_assert_out_contains(proc, needle)                                            \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (strstr ((proc)->out->str, (needle)) == NULL)                                               \
      scenectl_test_dump (proc);                                                                   \
    g_assert_nonnull (strstr ((proc)->out->str, (needle)));                                        \
  }                                                                                                \
  G_STMT_END

#define scenectl_test_assert_err_contains(proc, needle)                                            \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (strstr ((proc)->err->str, (needle)) == NULL)                                               \
      scenectl_test_dump (proc);                                                                   \
    g_assert_nonnull (strstr ((proc)->err->str, (needle)));                                        \
  }                                                                                                \
  G_STMT_END

G_END_DECLS
