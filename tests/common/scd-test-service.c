/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test gets its own dbus-daemon (GTestDBus) and its own scened, so test
 * programs run in parallel without seeing each other. The service's output
 * goes to a log file that is printed when the test fails, including when an
 * assertion aborts the process (a signal handler copies it with read/write,
 * which are async-signal-safe).
 *
 * Environment:
 *   SCENED_BINARY               the service to test (set by meson)
 *   SCD_TEST_SERVICE_WRAPPER    a command line to run it under, e.g.
 *                               "valgrind --error-exitcode=1 --leak-check=full"
 *   SCD_TEST_TIMEOUT_FACTOR     multiplies every timeout (slow machines, valgrind)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "scd-test-service.h"

#define LOG_TAIL_BYTES (256 * 1024)

/* What the crash handler needs, in plain memory. */
static char crash_log_path[4096];
static volatile pid_t crash_service_pid;
static const int crash_signals[] = { SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGTERM };

static void
write_all (int fd, const char *buf, size_t len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, buf, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      buf += n;
      len -= (size_t) n;
    }
}

/* Async-signal-safe: only open, fstat, lseek, read, write, close. */
static void
copy_log_tail (const char *path, int out_fd)
{
  static const char head[] = "\n---- scened log (tail) ----\n";
  static const char tail[] = "---- end of scened log ----\n";
  char buf[4096];
  struct stat st;
  int fd;

  if (path[0] == '\0')
    return;
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  write_all (out_fd, head, sizeof head - 1);
  if (fstat (fd, &st) == 0 && st.st_size > LOG_TAIL_BYTES)
    lseek (fd, st.st_size - LOG_TAIL_BYTES, SEEK_SET);
  for (;;)
    {
      ssize_t n = read (fd, buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      write_all (out_fd, buf, (size_t) n);
    }
  close (fd);
  write_all (out_fd, tail, sizeof tail - 1);
}

/* Kills every child of the main thread: the service, the dbus-daemon that
 * GTestDBus started, and GTestDBus's own watcher process. They all hold the
 * test's stdout or stderr, and meson waits for those to close, so one of them
 * left behind turns a failure into a timeout. Async-signal-safe. */
static void
kill_children (void)
{
  char path[64] = "/proc/self/task/";
  char digits[24];
  char buf[4096];
  size_t len = strlen (path);
  unsigned long pid = (unsigned long) getpid ();
  int n = 0;
  ssize_t got;
  long child = 0;
  int fd;

  do
    digits[n++] = (char) ('0' + pid % 10);
  while ((pid /= 10) > 0);
  while (n > 0)
    path[len++] = digits[--n];
  memcpy (path + len, "/children", sizeof "/children");

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      if (crash_service_pid > 0)
        kill (crash_service_pid, SIGKILL);
      return;
    }
  got = read (fd, buf, sizeof buf - 1);
  close (fd);
  for (ssize_t i = 0; i < got; i++)
    {
      if (buf[i] >= '0' && buf[i] <= '9')
        child = child * 10 + (buf[i] - '0');
      else
        {
          if (child > 0)
            kill ((pid_t) child, SIGKILL);
          child = 0;
        }
    }
  if (child > 0)
    kill ((pid_t) child, SIGKILL);
}

static void
crash_handler (int sig)
{
  static volatile sig_atomic_t in_handler;

  if (!in_handler)
    {
      in_handler = 1;
      copy_log_tail (crash_log_path, STDERR_FILENO);
      kill_children ();
    }
  signal (sig, SIG_DFL);
  raise (sig);
}

void
scd_test_init (int *argc, char ***argv)
{
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* GLib's own debug chatter (setenv after threads...) only with --verbose. */
  if (!g_test_verbose ())
    g_log_set_debug_enabled (FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (crash_signals); i++)
    signal (crash_signals[i], crash_handler);
}

guint
scd_test_timeout_ms (guint base_ms)
{
  const char *factor = g_getenv ("SCD_TEST_TIMEOUT_FACTOR");
  double f = factor != NULL ? g_ascii_strtod (factor, NULL) : 1.0;

  if (f < 1.0)
    f = 1.0;
  return (guint) MIN ((double) base_ms * f, (double) G_MAXUINT / 2);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until done() or the timeout. */
gboolean
scd_test_wait_until (gboolean (*done) (gpointer data), gpointer data, guint timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return done (data);
}

/* Dispatches what already arrived (signals queued behind a sync call). */
void
scd_test_iterate_pending (void)
{
  for (guint i = 0; i < 10000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

char *
scd_test_make_tmp_dir (const char *template_name)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp (template_name, &error);

  g_assert_no_error (error);
  return dir;
}

void
scd_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        scd_test_remove_tree (child);
      }
  g_rmdir (path);
}

/* --- the service ------------------------------------------------------ */

static void
child_exited_cb (GPid pid, int wait_status, gpointer data)
{
  ScdTestService *service = data;

  service->running = FALSE;
  service->wait_status = wait_status;
  service->child_watch_id = 0;
  crash_service_pid = 0;
  g_spawn_close_pid (pid);
}

static void
child_setup (gpointer data)
{
  /* If the test program dies, so does its service. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

typedef struct
{
  ScdTestService *service;
  char *owner;
  gboolean vanished;
} NameWait;

static void
name_appeared_cb (GDBusConnection *connection, const char *name, const char *owner, gpointer data)
{
  NameWait *wait = data;

  g_free (wait->owner);
  wait->owner = g_strdup (owner);
}

static void
name_vanished_cb (GDBusConnection *connection, const char *name, gpointer data)
{
  NameWait *wait = data;

  g_clear_pointer (&wait->owner, g_free);
  wait->vanished = TRUE;
}

static gboolean
name_owned_or_exited (gpointer data)
{
  NameWait *wait = data;

  return wait->owner != NULL || !wait->service->running;
}

void
scd_test_service_dump_log (ScdTestService *service)
{
  if (service->log_path == NULL)
    return;
  fflush (stdout);
  fflush (stderr);
  copy_log_tail (service->log_path, STDERR_FILENO);
}

static GStrv
service_argv (const char *binary, const char *data_dir, const char *const *extra_args)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const char *wrapper = g_getenv ("SCD_TEST_SERVICE_WRAPPER");

  if (wrapper != NULL && *wrapper != '\0')
    {
      g_auto (GStrv) words = NULL;
      g_autoptr (GError) error = NULL;

      g_shell_parse_argv (wrapper, NULL, &words, &error);
      g_assert_no_error (error);
      g_strv_builder_addv (builder, (const char **) words);
    }
  g_strv_builder_add_many (builder, binary, "--data-dir", data_dir, "-v", NULL);
  if (extra_args != NULL)
    g_strv_builder_addv (builder, (const char **) extra_args);
  return g_strv_builder_end (builder);
}

ScdTestService *
scd_test_service_start (void)
{
  return scd_test_service_start_with_env (NULL);
}

ScdTestService *
scd_test_service_start_with_env (const char *const *extra_env)
{
  return scd_test_service_start_full (extra_env, NULL);
}

/* extra_env: "NAME=VALUE" entries set in the service's environment after
 * GTestDBus has changed the test's own (g_test_dbus_up() unsets
 * XDG_RUNTIME_DIR, for one), or NULL; extra_args: options added to the
 * service's command line, or NULL. */
ScdTestService *
scd_test_service_start_full (const char *const *extra_env, const char *const *extra_args)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) argv = NULL;
  g_auto (GStrv) envp = NULL;
  ScdTestService *service;
  const char *binary = g_getenv ("SCENED_BINARY");
  const char *address;
  NameWait wait = { 0 };
  guint watch_id;
  int log_fd;

  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("SCENED_BINARY (%s) is not an executable: run the tests with meson test",
             binary != NULL ? binary : "unset");

  service = g_new0 (ScdTestService, 1);
  service->tmp_dir = scd_test_make_tmp_dir ("scened-test-XXXXXX");
  service->data_dir = g_build_filename (service->tmp_dir, "data", NULL);
  service->log_path = g_build_filename (service->tmp_dir, "scened.log", NULL);
  g_assert_cmpint (g_mkdir_with_parents (service->data_dir, 0700), ==, 0);

  service->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (service->bus);
  address = g_test_dbus_get_bus_address (service->bus);
  g_assert_nonnull (address);

  /* Our own connection: GTestDBus waits for the g_bus_get() singleton to be
   * finalized at teardown, which a leaked ref would turn into a hang. */
  service->connection = g_dbus_connection_new_for_address_sync (
      address,
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
          | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &error);
  g_assert_no_error (error);

  argv = service_argv (binary, service->data_dir, extra_args);
  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  envp = g_environ_unsetenv (envp, "DBUS_STARTER_ADDRESS");
  envp = g_environ_unsetenv (envp, "DBUS_STARTER_BUS_TYPE");
  for (gsize i = 0; extra_env != NULL && extra_env[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (extra_env[i], "=", 2);

      g_assert_nonnull (pair[1]);
      envp = g_environ_setenv (envp, pair[0], pair[1], TRUE);
    }

  log_fd = open (service->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  g_assert_cmpint (log_fd, >=, 0);
  g_strlcpy (crash_log_path, service->log_path, sizeof crash_log_path);

  /* The service runs in the test's directory, where tests may put files
   * that a relative path would wrongly find. */
  g_spawn_async_with_pipes_and_fds (
      service->tmp_dir, (const char *const *) argv, (const char *const *) envp,
      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH | G_SPAWN_STDIN_FROM_DEV_NULL, child_setup,
      NULL, -1, log_fd, log_fd, NULL, NULL, 0, &service->pid, NULL, NULL, NULL, &error);
  close (log_fd);
  g_assert_no_error (error);
  service->running = TRUE;
  crash_service_pid = service->pid;
  service->child_watch_id = g_child_watch_add (service->pid, child_exited_cb, service);

  wait.service = service;
  watch_id = g_bus_watch_name_on_connection (service->connection, SCD_TEST_BUS_NAME,
                                             G_BUS_NAME_WATCHER_FLAGS_NONE, name_appeared_cb, NULL,
                                             &wait, NULL);
  scd_test_wait_until (name_owned_or_exited, &wait, scd_test_timeout_ms (20000));
  g_bus_unwatch_name (watch_id);
  scd_test_iterate_pending ();

  if (wait.owner == NULL)
    {
      g_autofree char *why = NULL;

      if (!service->running)
        {
          g_autoptr (GError) status_error = NULL;

          g_spawn_check_wait_status (service->wait_status, &status_error);
          why = g_strdup_printf ("it exited (%s)",
                                 status_error != NULL ? status_error->message : "status 0");
        }
      else
        why = g_strdup ("timed out");
      scd_test_service_dump_log (service);
      g_error ("%s did not own %s on the test bus: %s", binary, SCD_TEST_BUS_NAME, why);
    }
  service->unique_name = g_steal_pointer (&wait.owner);
  g_test_message ("scened pid %d, %s, data dir %s, log %s", (int) service->pid,
                  service->unique_name, service->data_dir, service->log_path);
  return service;
}

gboolean
scd_test_service_is_running (ScdTestService *service)
{
  return service->running;
}

static gboolean
service_exited (gpointer data)
{
  return !((ScdTestService *) data)->running;
}

static gboolean
name_vanished (gpointer data)
{
  return ((NameWait *) data)->vanished;
}

/* Sends SIGTERM and waits for the exit, then for the service's unique name to
 * leave the bus: the bus delivers everything the service sent before that,
 * so every signal it emitted while shutting down has arrived. Returns FALSE
 * if it had to be killed. */
gboolean
scd_test_service_terminate (ScdTestService *service, int *wait_status)
{
  gboolean exited = TRUE;

  if (service->running)
    {
      kill (service->pid, SIGTERM);
      if (!scd_test_wait_until (service_exited, service, scd_test_timeout_ms (30000)))
        {
          g_test_message ("scened did not exit within %u ms of SIGTERM: killing it",
                          scd_test_timeout_ms (30000));
          kill (service->pid, SIGKILL);
          scd_test_wait_until (service_exited, service, scd_test_timeout_ms (10000));
          exited = FALSE;
        }
    }

  if (service->unique_name != NULL && service->connection != NULL
      && !g_dbus_connection_is_closed (service->connection))
    {
      NameWait wait = { .service = service };
      guint watch_id = g_bus_watch_name_on_connection (service->connection, service->unique_name,
                                                       G_BUS_NAME_WATCHER_FLAGS_NONE, NULL,
                                                       name_vanished_cb, &wait, NULL);

      scd_test_wait_until (name_vanished, &wait, scd_test_timeout_ms (10000));
      g_bus_unwatch_name (watch_id);
      g_free (wait.owner);
    }
  scd_test_iterate_pending ();

  if (wait_status != NULL)
    *wait_status = service->wait_status;
  return exited;
}

static void
assert_log_has_no_criticals (ScdTestService *service)
{
  g_autofree char *log = NULL;

  if (!g_file_get_contents (service->log_path, &log, NULL, NULL))
    return;
  if (strstr (log, "-CRITICAL **") != NULL)
    {
      scd_test_service_dump_log (service);
      g_error ("scened logged a CRITICAL (see its log above)");
    }
}

/* Clean shutdown is part of the contract: SIGTERM must end in exit status 0. */
void
scd_test_service_stop (ScdTestService *service)
{
  g_autoptr (GError) error = NULL;
  gboolean was_running = service->running;
  gboolean exited;

  exited = scd_test_service_terminate (service, NULL);
  if (!exited)
    {
      scd_test_service_dump_log (service);
      g_error ("scened did not exit on SIGTERM");
    }
  if (!g_spawn_check_wait_status (service->wait_status, &error))
    {
      scd_test_service_dump_log (service);
      g_error ("scened %s: %s", was_running ? "after SIGTERM" : "exited early", error->message);
    }
  assert_log_has_no_criticals (service);
}

void
scd_test_service_assert_alive (ScdTestService *service)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) version = NULL;

  g_assert_true (service->running);
  version = scd_test_service_get_property (service, SCD_TEST_MANAGER_PATH, SCD_TEST_IFACE_MANAGER,
                                           "Version", &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_is_of_type (version, G_VARIANT_TYPE_STRING));
  g_assert_cmpstr (g_variant_get_string (version, NULL), !=, "");
}

void
scd_test_service_free (ScdTestService *service)
{
  if (service == NULL)
    return;
  if (service->running)
    scd_test_service_stop (service);
  if (service->child_watch_id != 0)
    g_source_remove (service->child_watch_id);
  crash_service_pid = 0;

  if (g_test_failed ())
    scd_test_service_dump_log (service);

  if (service->connection != NULL)
    {
      g_dbus_connection_close_sync (service->connection, NULL, NULL);
      g_clear_object (&service->connection);
    }
  if (service->bus != NULL)
    {
      g_test_dbus_down (service->bus);
      g_clear_object (&service->bus);
    }
  scd_test_iterate_pending ();

  crash_log_path[0] = '\0';
  if (g_test_failed ())
    g_test_message ("kept the test directory %s", service->tmp_dir);
  else
    scd_test_remove_tree (service->tmp_dir);

  g_free (service->unique_name);
  g_free (service->log_path);
  g_free (service->data_dir);
  g_free (service->tmp_dir);
  g_free (service);
}

/* A call to the service from @connection: ours, or another client's. */
GVariant *
scd_test_call_on (GDBusConnection *connection,
                  const char *path,
                  const char *interface,
                  const char *method,
                  GVariant *parameters,
                  const GVariantType *reply_type,
                  GError **error)
{
  return g_dbus_connection_call_sync (connection, SCD_TEST_BUS_NAME, path, interface, method,
                                      parameters, reply_type, G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                      scd_test_timeout_ms (60000), NULL, error);
}

GVariant *
scd_test_service_call (ScdTestService *service,
                       const char *path,
                       const char *interface,
                       const char *method,
                       GVariant *parameters,
                       const GVariantType *reply_type,
                       GError **error)
{
  return scd_test_call_on (service->connection, path, interface, method, parameters, reply_type,
                           error);
}

GVariant *
scd_test_service_get_property (ScdTestService *service,
                               const char *path,
                               const char *interface,
                               const char *property,
                               GError **error)
{
  g_autoptr (GVariant) reply = NULL;
  GVariant *value = NULL;

  reply = scd_test_service_call (service, path, "org.freedesktop.DBus.Properties", "Get",
                                 g_variant_new ("(ss)", interface, property),
                                 G_VARIANT_TYPE ("(v)"), error);
  if (reply == NULL)
    return NULL;
  g_variant_get (reply, "(v)", &value);
  return value;
}

char *
scd_test_error_name (const GError *error)
{
  if (error == NULL || !g_dbus_error_is_remote_error (error))
    return NULL;
  return g_dbus_error_get_remote_error (error);
}

/* short_name NULL: any error of the org.scened.Scened1.Error domain. */
void
scd_test_assert_scened_error (const GError *error, const char *short_name)
{
  g_autofree char *name = NULL;

  g_assert_nonnull (error);
  name = scd_test_error_name (error);
  if (name == NULL)
    g_error ("expected a D-Bus error from scened, got a local error: %s", error->message);
  if (short_name != NULL)
    {
      g_autofree char *expected = g_strconcat (SCD_TEST_ERROR_PREFIX, short_name, NULL);

      g_assert_cmpstr (name, ==, expected);
    }
  else if (!g_str_has_prefix (name, SCD_TEST_ERROR_PREFIX))
    g_error ("expected an %s* error, got %s: %s", SCD_TEST_ERROR_PREFIX, name, error->message);
  g_test_message ("got %s: %s", name, error->message);
}

/* --- sessions --------------------------------------------------------- */

static void
set_state (ScdTestSession *session, const char *state)
{
  g_free (session->state);
  session->state = g_strdup (state);
  g_ptr_array_add (session->states, g_strdup (state));
}

static void
properties_changed_cb (GDBusConnection *connection,
                       const char *sender,
                       const char *path,
                       const char *interface,
                       const char *signal,
                       GVariant *parameters,
                       gpointer data)
{
  ScdTestSession *session = data;
  g_autoptr (GVariant) changed = NULL;
  g_autofree const char **invalidated = NULL;
  const char *iface;
  const char *state;

  g_variant_get (parameters, "(&s@a{sv}^a&s)", &iface, &changed, &invalidated);
  if (!g_str_equal (iface, SCD_TEST_IFACE_SESSION))
    return;
  if (g_variant_lookup (changed, "State", "&s", &state))
    set_state (session, state);
  else if (invalidated != NULL && g_strv_contains (invalidated, "State"))
    {
      g_autofree char *now = scd_test_session_get_string (session, "State");

      set_state (session, now);
    }
}

static void
new_frames_cb (GDBusConnection *connection,
               const char *sender,
               const char *path,
               const char *interface,
               const char *signal,
               GVariant *parameters,
               gpointer data)
{
  ScdTestSession *session = data;
  g_autoptr (GVariant) frames = g_variant_get_child_value (parameters, 0);
  GVariantIter iter;
  GVariant *frame;

  session->n_new_frames_signals++;
  g_variant_iter_init (&iter, frames);
  while ((frame = g_variant_iter_next_value (&iter)) != NULL)
    g_ptr_array_add (session->frames, frame);
}

static void
audio_chunk_cb (GDBusConnection *connection,
                const char *sender,
                const char *path,
                const char *interface,
                const char *signal,
                GVariant *parameters,
                gpointer data)
{
  ScdTestSession *session = data;
  gint64 now = g_get_monotonic_time ();

  g_ptr_array_add (session->chunks, g_variant_get_child_value (parameters, 0));
  g_array_append_val (session->chunk_arrivals, now);
}

ScdTestSession *
scd_test_session_new_for_path (ScdTestService *service, const char *path)
{
  ScdTestSession *session = g_new0 (ScdTestSession, 1);
  g_autofree char *state = NULL;

  session->service = service;
  session->path = g_strdup (path);
  session->states = g_ptr_array_new_with_free_func (g_free);
  session->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  session->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  session->chunk_arrivals = g_array_new (FALSE, FALSE, sizeof (gint64));

  session->sub_properties = g_dbus_connection_signal_subscribe (
      service->connection, service->unique_name, "org.freedesktop.DBus.Properties",
      "PropertiesChanged", path, SCD_TEST_IFACE_SESSION, G_DBUS_SIGNAL_FLAGS_NONE,
      properties_changed_cb, session, NULL);
  session->sub_frames = g_dbus_connection_signal_subscribe (
      service->connection, service->unique_name, SCD_TEST_IFACE_DETECTOR, "NewFrames", path, NULL,
      G_DBUS_SIGNAL_FLAGS_NONE, new_frames_cb, session, NULL);
  session->sub_chunks = g_dbus_connection_signal_subscribe (
      service->connection, service->unique_name, SCD_TEST_IFACE_AUDIO, "AudioChunk", path, NULL,
      G_DBUS_SIGNAL_FLAGS_NONE, audio_chunk_cb, session, NULL);

  /* Subscribed first, then read: no change can fall in between. */
  state = scd_test_session_get_string (session, "State");
  set_state (session, state);
  return session;
}

ScdTestSession *
scd_test_session_create (ScdTestService *service, GVariant *options, GError **error)
{
  g_autoptr (GVariant) reply = NULL;
  const char *path;

  reply = scd_test_service_call (service, SCD_TEST_MANAGER_PATH, SCD_TEST_IFACE_MANAGER,
                                 "CreateSession", g_variant_new_tuple (&options, 1),
                                 G_VARIANT_TYPE ("(o)"), error);
  if (reply == NULL)
    return NULL;
  g_variant_get (reply, "(&o)", &path);
  g_assert_true (g_str_has_prefix (path, SCD_TEST_MANAGER_PATH "/session/"));
  return scd_test_session_new_for_path (service, path);
}

/* CreateSession({'source': file} + extra_options), which must be accepted;
 * extra_options is an a{sv} (floating or not), or NULL. */
ScdTestSession *
scd_test_session_create_file (ScdTestService *service, const char *file, GVariant *extra_options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) extra = extra_options != NULL ? g_variant_ref_sink (extra_options) : NULL;
  GVariantDict dict;
  ScdTestSession *session;

  g_variant_dict_init (&dict, extra);
  g_variant_dict_insert (&dict, "source", "s", file);
  session = scd_test_session_create (service, g_variant_dict_end (&dict), &error);
  g_assert_no_error (error);
  return session;
}

static gboolean
session_call_void (ScdTestSession *session, const char *method, GError **error)
{
  g_autoptr (GVariant) reply = NULL;

  reply = scd_test_service_call (session->service, session->path, SCD_TEST_IFACE_SESSION, method,
                                 NULL, G_VARIANT_TYPE_UNIT, error);
  scd_test_iterate_pending ();
  return reply != NULL;
}

gboolean
scd_test_session_start (ScdTestSession *session, GError **error)
{
  return session_call_void (session, "Start", error);
}

gboolean
scd_test_session_stop (ScdTestSession *session, GError **error)
{
  return session_call_void (session, "Stop", error);
}

gboolean
scd_test_session_close (ScdTestSession *session, GError **error)
{
  return session_call_void (session, "Close", error);
}

typedef struct
{
  ScdTestSession *session;
  const char *state;
  guint n_frames;
} SessionWait;

/* "stopped" and "failed" are the states a session never leaves. */
gboolean
scd_test_is_final_state (const char *state)
{
  return g_strcmp0 (state, "stopped") == 0 || g_strcmp0 (state, "failed") == 0;
}

static gboolean
state_reached (gpointer data)
{
  SessionWait *wait = data;

  return g_strcmp0 (wait->session->state, wait->state) == 0
         || scd_test_is_final_state (wait->session->state) || !wait->session->service->running;
}

char *
scd_test_session_describe_states (ScdTestSession *session)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < session->states->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? " → " : "",
                            (char *) g_ptr_array_index (session->states, i));
  return g_string_free (s, FALSE);
}

/* Waits for State == state, giving up early when the session ends in another
 * final state or the service dies. On failure it says what it saw. */
gboolean
scd_test_session_wait_state (ScdTestSession *session, const char *state, guint timeout_ms)
{
  SessionWait wait = { session, state, 0 };
  g_autofree char *history = NULL;
  g_autofree char *error_text = NULL;
  g_autofree char *exited = NULL;

  scd_test_wait_until (state_reached, &wait, timeout_ms);
  scd_test_iterate_pending ();
  if (g_strcmp0 (session->state, state) == 0)
    return TRUE;

  history = scd_test_session_describe_states (session);
  if (session->service->running)
    error_text = scd_test_session_get_string (session, "Error");
  else
    {
      g_autoptr (GError) exit_error = NULL;

      g_spawn_check_wait_status (session->service->wait_status, &exit_error);
      exited = g_strdup_printf (" (scened exited: %s)",
                                exit_error != NULL ? exit_error->message : "status 0");
    }
  g_test_message ("waiting %u ms for %s State “%s”: saw %s%s%s%s", timeout_ms, session->path, state,
                  history, exited != NULL ? exited : "",
                  error_text != NULL && *error_text ? "; Error: " : "",
                  error_text != NULL ? error_text : "");
  return FALSE;
}

static gboolean
frames_reached (gpointer data)
{
  SessionWait *wait = data;

  return wait->session->frames->len >= wait->n_frames
         || scd_test_is_final_state (wait->session->state) || !wait->session->service->running;
}

gboolean
scd_test_session_wait_frames (ScdTestSession *session, guint n_frames, guint timeout_ms)
{
  SessionWait wait = { session, NULL, n_frames };

  scd_test_wait_until (frames_reached, &wait, timeout_ms);
  return session->frames->len >= n_frames;
}

GVariant *
scd_test_session_get (ScdTestSession *session, const char *interface, const char *property)
{
  g_autoptr (GError) error = NULL;
  GVariant *value;

  value = scd_test_service_get_property (session->service, session->path, interface, property,
                                         &error);
  g_assert_no_error (error);
  return value;
}

char *
scd_test_session_get_string (ScdTestSession *session, const char *property)
{
  g_autoptr (GVariant) value = scd_test_session_get (session, SCD_TEST_IFACE_SESSION, property);

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING));
  return g_variant_dup_string (value, NULL);
}

/* A property that must have the given type, so that a wrong type fails
 * here rather than as a critical deep in g_variant_get_*(). */
static GVariant *
session_get_typed (ScdTestSession *session,
                   const char *interface,
                   const char *property,
                   const GVariantType *type)
{
  GVariant *value = scd_test_session_get (session, interface, property);

  g_assert_true (g_variant_is_of_type (value, type));
  return value;
}

guint
scd_test_session_get_uint (ScdTestSession *session, const char *interface, const char *property)
{
  g_autoptr (GVariant)
      value = session_get_typed (session, interface, property, G_VARIANT_TYPE_UINT32);

  return g_variant_get_uint32 (value);
}

guint64
scd_test_session_get_uint64 (ScdTestSession *session, const char *interface, const char *property)
{
  g_autoptr (GVariant)
      value = session_get_typed (session, interface, property, G_VARIANT_TYPE_UINT64);

  return g_variant_get_uint64 (value);
}

double
scd_test_session_get_double (ScdTestSession *session, const char *interface, const char *property)
{
  g_autoptr (GVariant)
      value = session_get_typed (session, interface, property, G_VARIANT_TYPE_DOUBLE);

  return g_variant_get_double (value);
}

gboolean
scd_test_session_get_boolean (ScdTestSession *session, const char *interface, const char *property)
{
  g_autoptr (GVariant)
      value = session_get_typed (session, interface, property, G_VARIANT_TYPE_BOOLEAN);

  return g_variant_get_boolean (value);
}

char *
scd_test_session_get_directory (ScdTestSession *session)
{
  return scd_test_session_get_string (session, "Directory");
}

static GVariant *
list_entries (ScdTestSession *session, const char *interface, const char *method)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;

  reply = scd_test_service_call (session->service, session->path, interface, method,
                                 g_variant_new ("(uu)", 0, G_MAXUINT32),
                                 G_VARIANT_TYPE ("(aa{sv})"), &error);
  g_assert_no_error (error);
  return g_variant_get_child_value (reply, 0);
}

GVariant *
scd_test_session_list_frames (ScdTestSession *session)
{
  return list_entries (session, SCD_TEST_IFACE_DETECTOR, "ListFrames");
}

GVariant *
scd_test_session_list_chunks (ScdTestSession *session)
{
  return list_entries (session, SCD_TEST_IFACE_AUDIO, "ListChunks");
}

void
scd_test_session_free (ScdTestSession *session)
{
  GDBusConnection *connection;

  if (session == NULL)
    return;
  connection = session->service->connection;
  if (connection != NULL)
    {
      g_dbus_connection_signal_unsubscribe (connection, session->sub_properties);
      g_dbus_connection_signal_unsubscribe (connection, session->sub_frames);
      g_dbus_connection_signal_unsubscribe (connection, session->sub_chunks);
    }
  g_ptr_array_unref (session->frames);
  g_ptr_array_unref (session->chunks);
  g_array_unref (session->chunk_arrivals);
  g_ptr_array_unref (session->states);
  g_free (session->state);
  g_free (session->path);
  g_free (session);
}

/* scd_test_session_create_file(), then Start(), which must succeed. */
ScdTestSession *
scd_test_session_start_file (ScdTestService *service, const char *file, GVariant *extra_options)
{
  g_autoptr (GError) error = NULL;
  ScdTestSession *session = scd_test_session_create_file (service, file, extra_options);

  scd_test_session_start (session, &error);
  g_assert_no_error (error);
  return session;
}

/* Create, Start, wait for "stopped"; asserts every step. extra_options is an
 * a{sv} (floating or not) added to {'source': file}, or NULL. */
ScdTestSession *
scd_test_session_run_file (ScdTestService *service, const char *file, GVariant *extra_options)
{
  ScdTestSession *session = scd_test_session_start_file (service, file, extra_options);

  if (!scd_test_session_wait_state (session, "stopped", scd_test_timeout_ms (120000)))
    g_error ("session on %s did not reach “stopped” (see the messages above)", file);
  return session;
}

ScdTestSession *
scd_test_session_open (ScdTestService *service, const char *directory)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = scd_test_service_call (
      service, SCD_TEST_MANAGER_PATH, SCD_TEST_IFACE_MANAGER, "OpenSession",
      g_variant_new ("(s)", directory), G_VARIANT_TYPE ("(o)"), &error);
  const char *path;

  g_assert_no_error (error);
  g_variant_get (reply, "(&o)", &path);
  return scd_test_session_new_for_path (service, path);
}

static void
async_call_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ScdTestAsyncCall *call = user_data;

  call->reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source),
                                                                 &call->fds, result, &call->error);
  call->done = TRUE;
}

void
scd_test_service_call_async (ScdTestService *service,
                             const char *path,
                             const char *interface,
                             const char *method,
                             GVariant *parameters,
                             const GVariantType *reply_type,
                             ScdTestAsyncCall *call)
{
  *call = (ScdTestAsyncCall){ 0 };
  g_dbus_connection_call_with_unix_fd_list (service->connection, SCD_TEST_BUS_NAME, path, interface,
                                            method, parameters, reply_type, G_DBUS_CALL_FLAGS_NONE,
                                            -1, NULL, NULL, async_call_done, call);
}

void
scd_test_session_call_async (ScdTestSession *session,
                             const char *method,
                             GVariant *parameters,
                             const GVariantType *reply_type,
                             ScdTestAsyncCall *call)
{
  scd_test_service_call_async (session->service, session->path, SCD_TEST_IFACE_SESSION, method,
                               parameters, reply_type, call);
}

static gboolean
async_call_done_p (gpointer data)
{
  return ((ScdTestAsyncCall *) data)->done;
}

gboolean
scd_test_async_call_wait (ScdTestAsyncCall *call, guint timeout_ms)
{
  return scd_test_wait_until (async_call_done_p, call, timeout_ms);
}

void
scd_test_async_call_clear (ScdTestAsyncCall *call)
{
  g_clear_pointer (&call->reply, g_variant_unref);
  g_clear_object (&call->fds);
  g_clear_error (&call->error);
}
