/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session's life over D-Bus: stopped midway, closed, reopened, run next
 * to another, and the service stopped by SIGTERM under it. Whatever ends a
 * session, what it wrote must match what it announced.
 */
#include "config.h"

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-sender.h"
#include "scd-test-service.h"

#define STOP_PROMPTLY_US (5 * G_USEC_PER_SEC)

/* Starts the long clip and waits for its first frame. */
static ScdTestSession *
start_long_session (ScdTestService *service, const ScdTestClip *clip)
{
  ScdTestSession *session = scd_test_session_start_file (service, clip->path, NULL);

  if (!scd_test_session_wait_frames (session, 1, scd_test_timeout_ms (60000)))
    g_error ("no NewFrames within %u ms of Start (State %s)", scd_test_timeout_ms (60000),
             session->state);
  return session;
}

static void
test_stop_midway (void)
{
  const ScdTestClip *clip = scd_test_media_long_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *state = NULL;
  gint64 before;
  gint64 took;
  double position;
  double progress;
  guint64 samples;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = start_long_session (service, clip);

  before = g_get_monotonic_time ();
  scd_test_session_stop (session, &error);
  took = g_get_monotonic_time () - before;
  g_assert_no_error (error);
  g_test_message ("Stop() took %.3f s", (double) took / G_USEC_PER_SEC);
  g_assert_cmpint (took, <, scd_test_timeout_ms (STOP_PROMPTLY_US / 1000) * (gint64) 1000);

  /* Stop() returns once the session has stopped. */
  state = scd_test_session_get_string (session, "State");
  g_assert_cmpstr (state, ==, "stopped");
  g_assert_true (scd_test_session_wait_state (session, "stopped", scd_test_timeout_ms (2000)));

  progress = scd_test_session_get_double (session, SCD_TEST_IFACE_SESSION, "Progress");
  position = scd_test_session_get_double (session, SCD_TEST_IFACE_SESSION, "Position");
  g_test_message ("stopped at %.3f s of %.3f s (Progress %.3f)", position, clip->duration,
                  progress);
  if (progress >= 1.0 || position >= clip->duration - 0.5)
    g_error ("the session read the whole %.0f s clip before Stop() reached it: this test needs a "
             "longer clip",
             clip->duration);

  scd_test_check_frames (session, clip->width, clip->height);
  samples = scd_test_check_chunks (session, 16000, 1);
  /* What was decoded was flushed: the audio reaches about as far as the video. */
  g_test_message ("%" G_GUINT64_FORMAT " audio samples (%.3f s)", samples, samples / 16000.0);
  g_assert_cmpfloat ((double) samples / 16000.0, >=, position - 1.0);
  g_assert_cmpfloat ((double) samples / 16000.0, <=, position + 1.0);
  for (guint i = 0; i < session->frames->len; i++)
    g_assert_cmpfloat (scd_test_frame_timestamp (g_ptr_array_index (session->frames, i)), <=,
                       position + 0.001);
  scd_test_check_manifest (session, "stopped");

  /* Stopping again does nothing; starting again is refused. */
  scd_test_session_stop (session, &error);
  g_assert_no_error (error);
  g_free (state);
  state = scd_test_session_get_string (session, "State");
  g_assert_cmpstr (state, ==, "stopped");
  scd_test_session_start (session, &error);
  scd_test_assert_scened_error (error, "InvalidState");
}

static void
test_start_twice (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GError) error = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_start_file (service, clip->path, NULL);
  scd_test_session_start (session, &error);
  scd_test_assert_scened_error (error, "InvalidState");
  g_assert_true (scd_test_session_wait_state (session, "stopped", scd_test_timeout_ms (60000)));
}

typedef struct
{
  const char *path;
  GVariant *removed_interfaces;
} RemovedWait;

static void
interfaces_removed_cb (GDBusConnection *connection,
                       const char *sender,
                       const char *object_path,
                       const char *interface,
                       const char *signal,
                       GVariant *parameters,
                       gpointer data)
{
  RemovedWait *wait = data;
  const char *path;
  GVariant *interfaces;

  g_variant_get (parameters, "(&o@as)", &path, &interfaces);
  if (g_str_equal (path, wait->path) && wait->removed_interfaces == NULL)
    wait->removed_interfaces = interfaces;
  else
    g_variant_unref (interfaces);
}

static gboolean
removed (gpointer data)
{
  return ((RemovedWait *) data)->removed_interfaces != NULL;
}

static GVariant *
managed_objects (ScdTestService *service)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;

  reply = scd_test_service_call (service, SCD_TEST_MANAGER_PATH,
                                 "org.freedesktop.DBus.ObjectManager", "GetManagedObjects", NULL,
                                 G_VARIANT_TYPE ("(a{oa{sa{sv}}})"), &error);
  g_assert_no_error (error);
  return g_variant_get_child_value (reply, 0);
}

static void
assert_files_exist (const char *dir, const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_error ("%s is gone", path);
    }
}

/* Close() removes the object (InterfacesRemoved), keeps the files. */
static void
close_and_check (ScdTestService *service, ScdTestSession *session)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) objects = managed_objects (service);
  g_autoptr (GVariant) ifaces = NULL;
  g_autoptr (GVariant) after = NULL;
  g_autoptr (GVariant) state = NULL;
  RemovedWait wait = { session->path, NULL };
  g_autofree const char **removed_names = NULL;
  guint sub;

  ifaces = g_variant_lookup_value (objects, session->path, G_VARIANT_TYPE ("a{sa{sv}}"));
  g_assert_nonnull (ifaces);
  g_assert_true (g_variant_lookup (ifaces, SCD_TEST_IFACE_SESSION, "@a{sv}", NULL));
  g_assert_true (g_variant_lookup (ifaces, SCD_TEST_IFACE_DETECTOR, "@a{sv}", NULL));
  g_assert_true (g_variant_lookup (ifaces, SCD_TEST_IFACE_AUDIO, "@a{sv}", NULL));

  sub = g_dbus_connection_signal_subscribe (
      service->connection, service->unique_name, "org.freedesktop.DBus.ObjectManager",
      "InterfacesRemoved", SCD_TEST_MANAGER_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
      interfaces_removed_cb, &wait, NULL);
  scd_test_session_close (session, &error);
  g_assert_no_error (error);
  scd_test_wait_until (removed, &wait, scd_test_timeout_ms (10000));
  g_dbus_connection_signal_unsubscribe (service->connection, sub);
  if (wait.removed_interfaces == NULL)
    g_error ("no InterfacesRemoved for %s after Close()", session->path);
  removed_names = g_variant_get_strv (wait.removed_interfaces, NULL);
  g_assert_true (g_strv_contains (removed_names, SCD_TEST_IFACE_SESSION));
  g_clear_pointer (&wait.removed_interfaces, g_variant_unref);

  after = managed_objects (service);
  g_assert_false (g_variant_lookup (after, session->path, "@a{sa{sv}}", NULL));
  state = scd_test_service_get_property (service, session->path, SCD_TEST_IFACE_SESSION, "State",
                                         &error);
  g_assert_null (state);
  g_assert_nonnull (error);
}

/* The files match what the session announced, read from disk alone: for
 * a session that has left the bus, so dir and id were read before. */
static void
check_files_left (ScdTestSession *session, const char *dir, const char *id, const ScdTestClip *clip)
{
  scd_test_check_frame_files (dir, session->frames, clip->width, clip->height);
  scd_test_check_chunk_files (dir, session->chunks, 16000, 1);
  scd_test_check_manifest_file (dir, id, clip->path, "stopped");
}

static void
test_close (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *id = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, clip->path, NULL);
  dir = scd_test_session_get_directory (session);
  id = scd_test_session_get_string (session, "Id");

  close_and_check (service, session);
  assert_files_exist (dir, (const char *const[]){ "session.json", "frames/index.json",
                                                  "frames/F0001.jpg", "audio/index.json",
                                                  "audio/chunk_0000.wav", NULL });
  check_files_left (session, dir, id, clip);
  scd_test_service_assert_alive (service);
}

/* Close() on a running session stops it first. */
static void
test_close_running (void)
{
  const ScdTestClip *clip = scd_test_media_long_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *id = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = start_long_session (service, clip);
  dir = scd_test_session_get_directory (session);
  id = scd_test_session_get_string (session, "Id");

  close_and_check (service, session);
  scd_test_iterate_pending ();
  check_files_left (session, dir, id, clip);
  scd_test_service_assert_alive (service);
}

/* SIGTERM mid-session: the service stops the session cleanly (indexes
 * written, matching the signals) and exits 0. */
static void
test_sigterm_midway (void)
{
  const ScdTestClip *clip = scd_test_media_long_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *id = NULL;
  int status = -1;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = start_long_session (service, clip);
  dir = scd_test_session_get_directory (session);
  id = scd_test_session_get_string (session, "Id");

  /* Waits for the exit and for the service's name to leave the bus, so
   * every signal it sent on the way out has arrived. */
  g_assert_true (scd_test_service_terminate (service, &status));
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("scened after SIGTERM mid-session: %s", error->message);
  g_test_message ("%u frames and %u chunks announced", session->frames->len, session->chunks->len);

  check_files_left (session, dir, id, clip);
}

/* OpenSession() brings a closed session back, read-only. */
static void
test_reopen (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScdTestSession) reopened = NULL;
  g_autoptr (GVariant) frames = NULL;
  g_autoptr (GVariant) chunks = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *reopened_dir = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, clip->path, NULL);
  dir = scd_test_session_get_directory (session);
  close_and_check (service, session);

  reopened = scd_test_session_open (service, dir);
  reopened_dir = scd_test_session_get_directory (reopened);
  g_assert_cmpstr (reopened_dir, ==, dir);
  g_assert_cmpstr (reopened->state, ==, "stopped");

  frames = scd_test_session_list_frames (reopened);
  chunks = scd_test_session_list_chunks (reopened);
  g_assert_cmpuint (g_variant_n_children (frames), ==, session->frames->len);
  g_assert_cmpuint (g_variant_n_children (chunks), ==, session->chunks->len);
  for (guint i = 0; i < session->frames->len; i++)
    {
      g_autoptr (GVariant) f = g_variant_get_child_value (frames, i);
      GVariant *orig = g_ptr_array_index (session->frames, i);
      const char *a = NULL, *b = NULL;

      g_assert_true (g_variant_lookup (f, "path", "&s", &a));
      g_assert_true (g_variant_lookup (orig, "path", "&s", &b));
      g_assert_cmpstr (a, ==, b);
      g_assert_cmpfloat_with_epsilon (scd_test_frame_timestamp (f), scd_test_frame_timestamp (orig),
                                      1e-9);
    }

  scd_test_session_start (reopened, &error);
  scd_test_assert_scened_error (error, "InvalidState");
}

static void
test_open_bad_directory (void)
{
  g_autoptr (ScdTestService) service = scd_test_service_start ();
  const char *bad[] = { "relative/dir", "/", "/etc", "/nonexistent/scened/session" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GVariant) reply = NULL;

      g_test_message ("OpenSession(%s)", bad[i]);
      reply = scd_test_service_call (service, SCD_TEST_MANAGER_PATH, SCD_TEST_IFACE_MANAGER,
                                     "OpenSession", g_variant_new ("(s)", bad[i]),
                                     G_VARIANT_TYPE ("(o)"), &error);
      g_assert_null (reply);
      scd_test_assert_scened_error (error, NULL);
    }
  scd_test_service_assert_alive (service);
}

/* Two sessions at once on the same file give the same result. */
static void
test_concurrent (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) a = NULL;
  g_autoptr (ScdTestSession) b = NULL;
  g_autofree char *dir_a = NULL;
  g_autofree char *dir_b = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  a = scd_test_session_start_file (service, clip->path, NULL);
  b = scd_test_session_start_file (service, clip->path, NULL);
  g_assert_cmpstr (a->path, !=, b->path);
  g_assert_true (scd_test_session_wait_state (a, "stopped", scd_test_timeout_ms (60000)));
  g_assert_true (scd_test_session_wait_state (b, "stopped", scd_test_timeout_ms (60000)));

  dir_a = scd_test_session_get_directory (a);
  dir_b = scd_test_session_get_directory (b);
  g_assert_cmpstr (dir_a, !=, dir_b);
  scd_test_check_frames (a, clip->width, clip->height);
  scd_test_check_frames (b, clip->width, clip->height);
  g_assert_cmpuint (a->frames->len, ==, b->frames->len);
  for (guint i = 0; i < a->frames->len; i++)
    g_assert_cmpfloat (scd_test_frame_timestamp (g_ptr_array_index (a->frames, i)), ==,
                       scd_test_frame_timestamp (g_ptr_array_index (b->frames, i)));
  g_assert_cmpuint (scd_test_check_chunks (a, 16000, 1), ==, scd_test_check_chunks (b, 16000, 1));
}

static char *
create_as (GDBusConnection *connection, const ScdTestClip *clip, gboolean exit_with_caller)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  char *path = NULL;
  GVariant *options = g_variant_new_parsed (
      "({'source': <%s>, 'realtime': <true>, 'exit-with-caller': <%b>},)", clip->path,
      exit_with_caller);

  reply = scd_test_call_on (connection, SCD_TEST_MANAGER_PATH, SCD_TEST_IFACE_MANAGER,
                            "CreateSession", options, G_VARIANT_TYPE ("(o)"), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(o)", &path);
  g_clear_pointer (&reply, g_variant_unref);
  reply = scd_test_call_on (connection, path, SCD_TEST_IFACE_SESSION, "Start", NULL, NULL, &error);
  g_assert_no_error (error);
  return path;
}

static gboolean
session_gone (gpointer data)
{
  ScdTestSession *session = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) state = scd_test_service_get_property (
      session->service, session->path, SCD_TEST_IFACE_SESSION, "State", &error);

  if (state != NULL)
    return FALSE;
  /* A call GDBus queued for the object just before it was unexported is
   * answered UnknownMethod; the next one gets the service's NotFound. */
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
    return FALSE;
  scd_test_assert_scened_error (error, "NotFound");
  return TRUE;
}

/* Sessions outlive the connection that made them (a script makes one call
 * and leaves), unless made with "exit-with-caller": then the caller
 * leaving the bus stops and closes the session. */
static void
test_exit_with_caller (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (GDBusConnection) caller = NULL;
  g_autoptr (ScdTestSession) tied = NULL;
  g_autoptr (ScdTestSession) left = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *tied_path = NULL;
  g_autofree char *left_path = NULL;
  g_autofree char *tied_dir = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *contents = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  caller = g_dbus_connection_new_for_address_sync (
      g_test_dbus_get_bus_address (service->bus),
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
          | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &error);
  g_assert_no_error (error);

  tied_path = create_as (caller, clip, TRUE);
  left_path = create_as (caller, clip, FALSE);
  tied = scd_test_session_new_for_path (service, tied_path);
  left = scd_test_session_new_for_path (service, left_path);
  tied_dir = scd_test_session_get_directory (tied);
  g_assert_true (scd_test_session_wait_frames (tied, 1, scd_test_timeout_ms (10000)));

  g_dbus_connection_close_sync (caller, NULL, &error);
  g_assert_no_error (error);
  if (!scd_test_poll_until (session_gone, tied, scd_test_timeout_ms (10000)))
    g_error ("the session made with exit-with-caller is still on the bus after its caller left");

  /* It was stopped, not dropped: its manifest says so. */
  manifest = g_build_filename (tied_dir, "session.json", NULL);
  g_file_get_contents (manifest, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "\"state\" : \"stopped\""));

  /* The other one goes on to its end. */
  g_assert_true (scd_test_session_wait_state (left, "stopped", scd_test_timeout_ms (60000)));
  g_assert_cmpuint (left->frames->len, ==, clip->cut_frames->len + 1);
  scd_test_service_assert_alive (service);
}

int
main (int argc, char **argv)
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/lifecycle/stop-midway", test_stop_midway);
  g_test_add_func ("/lifecycle/start-twice", test_start_twice);
  g_test_add_func ("/lifecycle/close", test_close);
  g_test_add_func ("/lifecycle/close-running", test_close_running);
  g_test_add_func ("/lifecycle/sigterm-midway", test_sigterm_midway);
  g_test_add_func ("/lifecycle/reopen", test_reopen);
  g_test_add_func ("/lifecycle/open-bad-directory", test_open_bad_directory);
  g_test_add_func ("/lifecycle/concurrent", test_concurrent);
  g_test_add_func ("/lifecycle/exit-with-caller", test_exit_with_caller);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
