/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session belongs to the client that made it: another connection gets
 * org.scened.Scened1.Error.AccessDenied for every method and property
 * write, while reading properties and listing stays open to all. A
 * session made "shared" is open to every client, and one whose maker has
 * left the bus (a one-call script) to any. Sessions one client made and
 * left unstarted do not lock the others out of CreateSession.
 */
#include "config.h"

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-service.h"

/* Another client on the test's bus. */
static GDBusConnection *
connect_client (ScdTestService *service)
{
  g_autoptr (GError) error = NULL;
  GDBusConnection *connection = g_dbus_connection_new_for_address_sync (
      g_test_dbus_get_bus_address (service->bus),
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
          | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &error);

  g_assert_no_error (error);
  return connection;
}

static char *
create_on (GDBusConnection *connection, const char *source, gboolean shared, GError **error)
{
  g_autoptr (GVariant) reply = scd_test_call_on (
      connection, SCD_TEST_MANAGER_PATH, SCD_TEST_IFACE_MANAGER, "CreateSession",
      g_variant_new_parsed ("({'source': <%s>, 'shared': <%b>},)", source, shared),
      G_VARIANT_TYPE ("(o)"), error);
  char *path = NULL;

  if (reply != NULL)
    g_variant_get (reply, "(o)", &path);
  return path;
}

static GVariant *
set_threshold (GDBusConnection *connection, const char *path, double value, GError **error)
{
  return scd_test_call_on (
      connection, path, "org.freedesktop.DBus.Properties", "Set",
      g_variant_new ("(ssv)", SCD_TEST_IFACE_DETECTOR, "Threshold", g_variant_new_double (value)),
      NULL, error);
}

/* Every call that controls the session, from @connection: AccessDenied,
 * and the session is as it was. */
static void
assert_no_control (GDBusConnection *connection, const char *path)
{
  const struct
  {
    const char *interface;
    const char *method;
    const char *parameters; /* GVariant text */
  } calls[] = {
    { SCD_TEST_IFACE_SESSION, "Start", "()" },
    { SCD_TEST_IFACE_SESSION, "Stop", "()" },
    { SCD_TEST_IFACE_SESSION, "Close", "()" },
    { SCD_TEST_IFACE_SESSION, "CaptureFrame", "()" },
    { SCD_TEST_IFACE_SESSION, "GenerateProxy", "(@a{sv} {},)" },
    { SCD_TEST_IFACE_SESSION, "OpenFrameStream",
      "({'width': <uint32 32>, 'height': <uint32 24>},)" },
    { SCD_TEST_IFACE_SESSION, "OpenAudioStream", "(@a{sv} {},)" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GVariant)
          reply = scd_test_call_on (connection, path, calls[i].interface, calls[i].method,
                                    g_variant_new_parsed (calls[i].parameters), NULL, &error);

      g_test_message ("%s from another client: %s", calls[i].method,
                      error != NULL ? error->message : "accepted");
      g_assert_null (reply);
      scd_test_assert_scened_error (error, "AccessDenied");
    }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GVariant) reply = set_threshold (connection, path, 9.0, &error);

    g_assert_null (reply);
    scd_test_assert_scened_error (error, "AccessDenied");
  }
}

static void
test_owner_only (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (GDBusConnection) other = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GVariant) frames = NULL;
  g_autoptr (GVariant) threshold = NULL;
  g_autoptr (GError) error = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  other = connect_client (service);
  session = scd_test_session_create_file (service, clip->path, NULL);

  assert_no_control (other, session->path);
  g_assert_cmpstr (session->state, ==, "created");
  threshold = scd_test_session_get (session, SCD_TEST_IFACE_DETECTOR, "Threshold");
  g_assert_cmpfloat (g_variant_get_double (threshold), ==, 4.0);

  /* Reading stays open to all. */
  frames = scd_test_call_on (other, session->path, SCD_TEST_IFACE_DETECTOR, "ListFrames",
                             g_variant_new ("(uu)", 0, 10), G_VARIANT_TYPE ("(aa{sv})"), &error);
  g_assert_no_error (error);
  {
    g_autoptr (GVariant) state = scd_test_call_on (
        other, session->path, "org.freedesktop.DBus.Properties", "Get",
        g_variant_new ("(ss)", SCD_TEST_IFACE_SESSION, "State"), NULL, &error);

    g_assert_no_error (error);
  }

  /* Its maker controls it. */
  {
    g_autoptr (GVariant) reply = set_threshold (service->connection, session->path, 9.0, &error);

    g_assert_no_error (error);
  }
  scd_test_session_start (session, &error);
  g_assert_no_error (error);
  g_assert_true (scd_test_session_wait_state (session, "stopped", scd_test_timeout_ms (60000)));
  g_dbus_connection_close_sync (other, NULL, NULL);
  scd_test_service_assert_alive (service);
}

static gboolean
control_allowed (gpointer data)
{
  void **args = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = set_threshold (args[0], args[1], 7.0, &error);

  return error == NULL;
}

/* "shared": any client controls it. A session whose maker has left the bus
 * (a script's single gdbus call): any client too. */
static void
test_shared_and_orphaned (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (GDBusConnection) other = NULL;
  g_autoptr (GDBusConnection) script = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *shared = NULL;
  g_autofree char *orphan = NULL;
  void *args[2];

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  other = connect_client (service);
  script = connect_client (service);

  shared = create_on (service->connection, clip->path, TRUE, &error);
  g_assert_no_error (error);
  {
    g_autoptr (GVariant) reply = set_threshold (other, shared, 8.0, &error);

    g_assert_no_error (error);
  }

  orphan = create_on (script, clip->path, FALSE, &error);
  g_assert_no_error (error);
  assert_no_control (other, orphan);
  g_dbus_connection_close_sync (script, NULL, &error);
  g_assert_no_error (error);
  args[0] = other;
  args[1] = orphan;
  if (!scd_test_wait_until (control_allowed, args, scd_test_timeout_ms (10000)))
    g_error ("a session whose maker left the bus stayed closed to other clients");
  {
    g_autoptr (GVariant) reply = scd_test_call_on (other, orphan, SCD_TEST_IFACE_SESSION, "Close",
                                                   g_variant_new ("()"), NULL, &error);

    g_assert_no_error (error);
  }
  g_dbus_connection_close_sync (other, NULL, NULL);
  scd_test_service_assert_alive (service);
}

/* With --max-sessions 2, one client's two unstarted sessions once locked
 * every client out of CreateSession for good. They count against their
 * maker only; Start still keeps to the limit of sessions at work. */
static void
test_unstarted_lock_no_one_out (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  const char *const args[] = { "--max-sessions", "2", NULL };
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (GDBusConnection) hog = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *mine = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start_full (NULL, args);
  hog = connect_client (service);
  a = create_on (hog, clip->path, FALSE, &error);
  g_assert_no_error (error);
  b = create_on (hog, clip->path, FALSE, &error);
  g_assert_no_error (error);
  c = create_on (hog, clip->path, FALSE, &error);
  g_assert_null (c);
  scd_test_assert_scened_error (error, "InvalidState");
  g_clear_error (&error);

  mine = create_on (service->connection, clip->path, FALSE, &error);
  g_assert_no_error (error);
  {
    g_autoptr (ScdTestSession) session = scd_test_session_new_for_path (service, mine);

    scd_test_session_start (session, &error);
    g_assert_no_error (error);
    g_assert_true (scd_test_session_wait_state (session, "stopped", scd_test_timeout_ms (60000)));
  }
  g_dbus_connection_close_sync (hog, NULL, NULL);
  scd_test_service_assert_alive (service);
}

int
main (int argc, char **argv)
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/access/owner-only", test_owner_only);
  g_test_add_func ("/access/shared-and-orphaned", test_shared_and_orphaned);
  g_test_add_func ("/access/unstarted-lock-no-one-out", test_unstarted_lock_no_one_out);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
