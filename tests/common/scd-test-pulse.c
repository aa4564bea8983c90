/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test that needs PulseAudio starts its own pulseaudio, with only what
 * the test needs: the native protocol on a socket in a private runtime
 * directory (anonymous auth, so no cookie has to be shared) and a null sink.
 * It keeps off every session bus (two servers on one bus would fight for
 * org.pulseaudio.Server, and a desktop's own server is not ours to touch),
 * and it runs in the foreground as a child of the test, so the crash handler
 * of scd-test-service.c kills it with the test's other children when an
 * assertion aborts, and PR_SET_PDEATHSIG kills it if the test dies outright.
 *
 * As root pulseaudio only warns ("not intended to be run as root") when
 * --system is not given; --realtime=no --high-priority=no keep it from
 * raising its own priority, which root could.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/un.h>

#include <glib/gstdio.h>

#include "scd-test-pulse.h"
#include "scd-test-service.h"

#define LOG_TAIL_BYTES (64 * 1024)

struct _ScdTestPulse
{
  char *tmp_dir;     /* removed at the end unless the test failed */
  char *runtime_dir; /* the server's XDG_RUNTIME_DIR, 0700 */
  char *socket_path; /* runtime_dir/pulse/native */
  char *server;      /* unix:socket_path */
  char *log_path;
  GSubprocess *process;
  gboolean exited;
  guint n_tones;
};

struct _ScdTestTone
{
  GSubprocess *process;
  char *log_path;
  char *what;
  gint64 spawned_us;
  gboolean exited;
};

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
iterate_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

static char *
read_tail (const char *path, gsize max)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return g_strdup ("(no log)");
  if (len > max)
    return g_strdup (contents + len - max);
  return g_steal_pointer (&contents);
}

/* --- running a program, bounded in time ---------------------------------- */

typedef struct
{
  gboolean done;
  char *out;
  char *err;
  GError *error;
} Communicate;

static void
communicate_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Communicate *c = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &c->out, &c->err, &c->error);
  c->done = TRUE;
}

static gboolean
communicate_done (gpointer data)
{
  return ((Communicate *) data)->done;
}

/* Runs argv and returns its stdout; kills it after timeout_ms. On failure
 * the error has what it printed. */
static char *
run_bounded (const char *const *argv, guint timeout_ms, GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autofree char *cmd = g_strjoinv (" ", (char **) argv);
  g_autofree char *err = NULL;
  Communicate c = { 0 };
  gboolean timed_out = FALSE;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_unsetenv (launcher, "PULSE_SERVER");
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL)
    return NULL;
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &c);
  if (!scd_test_wait_until (communicate_done, &c, timeout_ms))
    {
      timed_out = TRUE;
      g_subprocess_force_exit (process);
      scd_test_wait_until (communicate_done, &c, scd_test_timeout_ms (10000));
      if (!c.done)
        g_error ("%s did not die of SIGKILL", cmd);
    }
  err = c.err;
  if (c.error != NULL)
    {
      g_propagate_error (error, c.error);
      g_free (c.out);
      return NULL;
    }
  if (timed_out || !g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s:\n%s%s", cmd,
                   timed_out ? "took too long" : "failed", c.out != NULL ? c.out : "",
                   err != NULL ? err : "");
      g_free (c.out);
      return NULL;
    }
  return c.out;
}

/* --- the server ------------------------------------------------------------ */

static void
server_exited_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ScdTestPulse *pulse = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  pulse->exited = TRUE;
}

static gboolean
server_exited (gpointer data)
{
  return ((ScdTestPulse *) data)->exited;
}

void
scd_test_pulse_dump_log (ScdTestPulse *pulse)
{
  g_autofree char *log = read_tail (pulse->log_path, LOG_TAIL_BYTES);

  fflush (stdout);
  g_printerr ("\n---- pulseaudio log (tail) ----\n%s---- end of pulseaudio log ----\n", log);
}

static char *
describe_exit (ScdTestPulse *pulse)
{
  g_autoptr (GError) error = NULL;

  g_spawn_check_wait_status (g_subprocess_get_status (pulse->process), &error);
  return g_strdup (error != NULL ? error->message : "status 0");
}

char *
scd_test_pulse_pactl (ScdTestPulse *pulse, GError **error, const char *first_arg, ...)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) argv = NULL;
  const char *arg;
  va_list ap;

  g_strv_builder_add_many (builder, "pactl", "-s", pulse->server, NULL);
  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_strv_builder_add (builder, arg);
  va_end (ap);
  argv = g_strv_builder_end (builder);
  return run_bounded ((const char *const *) argv, scd_test_timeout_ms (10000), error);
}

static GStrv
server_environ (ScdTestPulse *pulse)
{
  g_autofree char *home = g_build_filename (pulse->tmp_dir, "home", NULL);
  g_autofree char *config = g_build_filename (home, ".config", NULL);
  g_autofree char *state = g_build_filename (pulse->tmp_dir, "state", NULL);
  g_autofree char *runtime_pulse = g_build_filename (pulse->runtime_dir, "pulse", NULL);
  g_autofree char *no_bus = g_strdup_printf ("unix:path=%s/no-bus", pulse->tmp_dir);
  GStrv env = g_get_environ ();

  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (state, 0700), ==, 0);
  env = g_environ_setenv (env, "HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config, TRUE);
  env = g_environ_setenv (env, "XDG_RUNTIME_DIR", pulse->runtime_dir, TRUE);
  env = g_environ_setenv (env, "PULSE_RUNTIME_PATH", runtime_pulse, TRUE);
  env = g_environ_setenv (env, "PULSE_STATE_PATH", state, TRUE);
  /* A bus address that leads nowhere: pulseaudio warns and goes on without
   * D-Bus. Unset, it would try to autolaunch one through X11. */
  env = g_environ_setenv (env, "DBUS_SESSION_BUS_ADDRESS", no_bus, TRUE);
  env = g_environ_unsetenv (env, "DBUS_STARTER_ADDRESS");
  env = g_environ_unsetenv (env, "DBUS_STARTER_BUS_TYPE");
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "PULSE_SERVER");
  env = g_environ_unsetenv (env, "PULSE_CONFIG_PATH");
  return env;
}

ScdTestPulse *
scd_test_pulse_start (void)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) last_error = NULL;
  g_autofree char *binary = g_find_program_in_path ("pulseaudio");
  g_autofree char *pactl = g_find_program_in_path ("pactl");
  g_autofree char *protocol = NULL;
  g_autofree char *pulse_dir = NULL;
  g_autofree char *sources = NULL;
  g_auto (GStrv) env = NULL;
  ScdTestPulse *pulse;
  gint64 deadline;
  guint timeout = scd_test_timeout_ms (20000);

  if (binary == NULL || pactl == NULL)
    g_error ("the PulseAudio tests need the pulseaudio and pactl programs (Debian: apt-get install "
             "pulseaudio pulseaudio-utils; tools/install-deps installs them)");

  pulse = g_new0 (ScdTestPulse, 1);
  pulse->tmp_dir = scd_test_make_tmp_dir ("scened-pulse-XXXXXX");
  pulse->runtime_dir = g_build_filename (pulse->tmp_dir, "run", NULL);
  pulse_dir = g_build_filename (pulse->runtime_dir, "pulse", NULL);
  pulse->socket_path = g_build_filename (pulse_dir, "native", NULL);
  pulse->server = g_strconcat ("unix:", pulse->socket_path, NULL);
  pulse->log_path = g_build_filename (pulse->tmp_dir, "pulseaudio.log", NULL);
  g_assert_cmpint (g_mkdir_with_parents (pulse_dir, 0700), ==, 0);
  g_assert_cmpint (g_chmod (pulse->runtime_dir, 0700), ==, 0);
  if (strlen (pulse->socket_path) >= sizeof ((struct sockaddr_un *) NULL)->sun_path)
    g_error ("the PulseAudio socket path %s is too long for a Unix socket: set TMPDIR to a "
             "shorter directory",
             pulse->socket_path);

  protocol = g_strdup_printf ("module-native-protocol-unix auth-anonymous=1 socket=%s",
                              pulse->socket_path);
  const char *argv[] = {
    binary,
    "-n", /* no default.pa: only the modules below */
    "--daemonize=no",
    "--exit-idle-time=-1",
    "--disallow-exit",
    "--disable-shm=yes",
    "--use-pid-file=no",
    "--system=no",
    "--realtime=no",
    "--high-priority=no",
    "--log-target=stderr",
    "--log-level=info",
    "--log-time=yes",
    "-L",
    protocol,
    "-L",
    "module-null-sink sink_name=" SCD_TEST_PULSE_SINK " rate=48000 channels=2",
    NULL,
  };

  env = server_environ (pulse);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_environ (launcher, env);
  g_subprocess_launcher_set_cwd (launcher, pulse->tmp_dir);
  g_subprocess_launcher_set_stdout_file_path (launcher, pulse->log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  pulse->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (pulse->process == NULL)
    g_error ("could not run %s: %s", binary, error->message);
  g_subprocess_wait_async (pulse->process, NULL, server_exited_cb, pulse);

  /* Up when pactl gets an answer: the -L modules are loaded by then. */
  deadline = g_get_monotonic_time () + (gint64) timeout * 1000;
  for (;;)
    {
      g_autofree char *info = NULL;

      iterate_for (0);
      if (pulse->exited)
        {
          g_autofree char *how = describe_exit (pulse);

          scd_test_pulse_dump_log (pulse);
          g_error ("pulseaudio exited at startup (%s); see its log above", how);
        }
      g_clear_error (&last_error);
      info = scd_test_pulse_pactl (pulse, &last_error, "info", NULL);
      if (info != NULL)
        break;
      if (g_get_monotonic_time () > deadline)
        {
          scd_test_pulse_dump_log (pulse);
          g_error ("pulseaudio did not answer on %s within %u ms; the last try: %s; see its log "
                   "above",
                   pulse->server, timeout, last_error->message);
        }
      iterate_for (50);
    }

  sources = scd_test_pulse_pactl (pulse, &error, "list", "short", "sources", NULL);
  if (sources == NULL || strstr (sources, SCD_TEST_PULSE_MONITOR "\t") == NULL)
    {
      scd_test_pulse_dump_log (pulse);
      g_error ("pulseaudio is up but has no %s source: %s", SCD_TEST_PULSE_MONITOR,
               sources != NULL ? sources : error->message);
    }
  g_test_message ("pulseaudio pid %s on %s, log %s", g_subprocess_get_identifier (pulse->process),
                  pulse->server, pulse->log_path);
  return pulse;
}

const char *
scd_test_pulse_get_server (ScdTestPulse *pulse)
{
  return pulse->server;
}

const char *
scd_test_pulse_get_runtime_dir (ScdTestPulse *pulse)
{
  return pulse->runtime_dir;
}

/* Nothing else of the test's environment may lead libpulse elsewhere. */
static void
unset_pulse_overrides (void)
{
  g_unsetenv ("PULSE_RUNTIME_PATH");
  g_unsetenv ("PULSE_CONFIG_PATH");
  g_unsetenv ("PULSE_SINK");
  g_unsetenv ("PULSE_SOURCE");
}

void
scd_test_pulse_use_server (ScdTestPulse *pulse)
{
  unset_pulse_overrides ();
  g_setenv ("PULSE_SERVER", pulse->server, TRUE);
}

ScdTestService *
scd_test_pulse_start_service_by_runtime_dir (ScdTestPulse *pulse)
{
  g_autofree char *runtime = g_strconcat ("XDG_RUNTIME_DIR=", pulse->runtime_dir, NULL);
  const char *env[] = { runtime, NULL };

  unset_pulse_overrides ();
  g_unsetenv ("PULSE_SERVER");
  return scd_test_service_start_with_env (env);
}

char *
scd_test_pulse_use_missing_server (const char *dir)
{
  g_autofree char *socket_path = g_build_filename (dir, "no-such-pulse", "native", NULL);
  char *server = g_strconcat ("unix:", socket_path, NULL);

  g_assert_false (g_file_test (socket_path, G_FILE_TEST_EXISTS));
  unset_pulse_overrides ();
  g_setenv ("PULSE_SERVER", server, TRUE);
  return server;
}

gboolean
scd_test_pulse_is_running (ScdTestPulse *pulse)
{
  return !pulse->exited;
}

void
scd_test_pulse_stop (ScdTestPulse *pulse)
{
  if (pulse->exited)
    return;
  g_subprocess_send_signal (pulse->process, SIGTERM);
  if (!scd_test_wait_until (server_exited, pulse, scd_test_timeout_ms (10000)))
    {
      g_test_message ("pulseaudio did not exit on SIGTERM: killing it");
      g_subprocess_force_exit (pulse->process);
      if (!scd_test_wait_until (server_exited, pulse, scd_test_timeout_ms (10000)))
        g_error ("pulseaudio (pid %s) did not die of SIGKILL",
                 g_subprocess_get_identifier (pulse->process));
    }
}

void
scd_test_pulse_free (ScdTestPulse *pulse)
{
  if (pulse == NULL)
    return;
  scd_test_pulse_stop (pulse);
  if (g_test_failed ())
    {
      scd_test_pulse_dump_log (pulse);
      g_test_message ("kept the PulseAudio directory %s", pulse->tmp_dir);
    }
  else
    scd_test_remove_tree (pulse->tmp_dir);
  g_clear_object (&pulse->process);
  g_free (pulse->log_path);
  g_free (pulse->server);
  g_free (pulse->socket_path);
  g_free (pulse->runtime_dir);
  g_free (pulse->tmp_dir);
  g_free (pulse);
}

/* --- tones ------------------------------------------------------------------ */

static void
tone_exited_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ScdTestTone *tone = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  tone->exited = TRUE;
}

static gboolean
tone_exited (gpointer data)
{
  return ((ScdTestTone *) data)->exited;
}

ScdTestTone *
scd_test_pulse_play_tone (ScdTestPulse *pulse, guint frequency, double amplitude, double seconds)
{
  return scd_test_pulse_play_tone_into (pulse, SCD_TEST_PULSE_SINK, frequency, amplitude, seconds);
}

/* ffmpeg playing @input (its -f and -i) into @sink in real time. */
static ScdTestTone *
play_into (ScdTestPulse *pulse, const char *sink, const char *format, const char *input, char *what)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GStrvBuilder) args = g_strv_builder_new ();
  g_auto (GStrv) argv = NULL;
  ScdTestTone *tone = g_new0 (ScdTestTone, 1);

  g_strv_builder_add_many (args, "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-re",
                           NULL);
  if (format != NULL)
    g_strv_builder_add_many (args, "-f", format, NULL);
  /* A 200 ms buffer: a player starved for a moment (parallel tests) must not
   * put holes in the sound. */
  g_strv_builder_add_many (args, "-i", input, "-buffer_duration", "200", "-f", "pulse", "-device",
                           sink, "scened-test-tone", NULL);
  argv = g_strv_builder_end (args);

  tone->what = what;
  tone->log_path = g_strdup_printf ("%s/tone-%u.log", pulse->tmp_dir, ++pulse->n_tones);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "PULSE_SERVER", pulse->server, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_set_stdout_file_path (launcher, tone->log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  tone->spawned_us = g_get_monotonic_time ();
  tone->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv, &error);
  if (tone->process == NULL)
    g_error ("could not run ffmpeg to play %s: %s", what, error->message);
  g_subprocess_wait_async (tone->process, NULL, tone_exited_cb, tone);
  g_test_message ("ffmpeg (pid %s) plays %s into %s", g_subprocess_get_identifier (tone->process),
                  tone->what, sink);
  return tone;
}

ScdTestTone *
scd_test_pulse_play_tone_into (ScdTestPulse *pulse,
                               const char *sink,
                               guint frequency,
                               double amplitude,
                               double seconds)
{
  g_autofree char *graph = NULL;
  char amp[G_ASCII_DTOSTR_BUF_SIZE];
  char dur[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (amp, sizeof amp, amplitude);
  g_ascii_dtostr (dur, sizeof dur, seconds);
  graph = g_strdup_printf ("aevalsrc=exprs=%s*sin(2*PI*%u*t):s=48000:c=mono:d=%s,apad=pad_dur=0.5",
                           amp, frequency, dur);
  return play_into (pulse, sink, "lavfi", graph,
                    g_strdup_printf ("%u Hz at %s for %s s", frequency, amp, dur));
}

ScdTestTone *
scd_test_pulse_play_file_into (ScdTestPulse *pulse, const char *sink, const char *path)
{
  return play_into (pulse, sink, NULL, path, g_strdup (path));
}

gint64
scd_test_tone_get_spawned_us (ScdTestTone *tone)
{
  return tone->spawned_us;
}

gboolean
scd_test_tone_wait (ScdTestTone *tone, guint timeout_ms)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *log = NULL;

  if (!scd_test_wait_until (tone_exited, tone, timeout_ms))
    {
      g_test_message ("the tone player (%s) is still running after %u ms", tone->what, timeout_ms);
      return FALSE;
    }
  if (g_spawn_check_wait_status (g_subprocess_get_status (tone->process), &error))
    return TRUE;
  log = read_tail (tone->log_path, 8192);
  g_test_message ("the tone player (%s) failed: %s\n%s", tone->what, error->message, log);
  return FALSE;
}

void
scd_test_tone_free (ScdTestTone *tone)
{
  if (tone == NULL)
    return;
  if (!tone->exited)
    {
      g_subprocess_force_exit (tone->process);
      if (!scd_test_wait_until (tone_exited, tone, scd_test_timeout_ms (10000)))
        g_error ("the tone player did not die of SIGKILL");
    }
  g_object_unref (tone->process);
  g_free (tone->log_path);
  g_free (tone->what);
  g_free (tone);
}
