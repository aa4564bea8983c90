/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The integration test harness: a private session bus (GTestDBus) with the
 * built scened on it, and a session helper that records what the service
 * announces (State changes, NewFrames, AudioChunk) as it happens.
 */
#pragma once

#include <gio/gio.h>
#include <gio/gunixfdlist.h>

G_BEGIN_DECLS

#define SCD_TEST_BUS_NAME "org.scened.Scened1"
#define SCD_TEST_MANAGER_PATH "/org/scened/Scened1"
#define SCD_TEST_IFACE_MANAGER "org.scened.Scened1.Manager"
#define SCD_TEST_IFACE_SESSION "org.scened.Scened1.Session"
#define SCD_TEST_IFACE_DETECTOR "org.scened.Scened1.SceneDetector"
#define SCD_TEST_IFACE_AUDIO "org.scened.Scened1.AudioExtractor"
#define SCD_TEST_ERROR_PREFIX "org.scened.Scened1.Error."

typedef struct _ScdTestService ScdTestService;
typedef struct _ScdTestSession ScdTestSession;

struct _ScdTestService
{
  GTestDBus *bus;
  GDBusConnection *connection; /* ours, not the g_bus_get() singleton */
  char *tmp_dir;               /* removed at the end unless the test failed */
  char *data_dir;              /* the service's --data-dir */
  char *log_path;              /* the service's stdout and stderr */
  char *unique_name;           /* the service's unique bus name */
  GPid pid;
  gboolean running;
  int wait_status;
  guint child_watch_id;
};

struct _ScdTestSession
{
  ScdTestService *service;
  char *path;
  char *state;            /* the latest State seen */
  GPtrArray *states;      /* every State seen, in order (char *) */
  GPtrArray *frames;      /* NewFrames entries, in order (GVariant a{sv}) */
  GPtrArray *chunks;      /* AudioChunk entries, in order (GVariant a{sv}) */
  GArray *chunk_arrivals; /* when each AudioChunk came (gint64, g_get_monotonic_time()) */
  guint n_new_frames_signals;
  guint sub_properties;
  guint sub_frames;
  guint sub_chunks;
};

void scd_test_init (int *argc, char ***argv);
guint scd_test_timeout_ms (guint base_ms);
gboolean scd_test_wait_until (gboolean (*done) (gpointer data), gpointer data, guint timeout_ms);
void scd_test_iterate_pending (void);
char *scd_test_make_tmp_dir (const char *template_name);
void scd_test_remove_tree (const char *path);

ScdTestService *scd_test_service_start (void);
ScdTestService *scd_test_service_start_with_env (const char *const *extra_env);
ScdTestService *scd_test_service_start_full (const char *const *extra_env,
                                             const char *const *extra_args);
void scd_test_service_stop (ScdTestService *service);
gboolean scd_test_service_terminate (ScdTestService *service, int *exit_status);
void scd_test_service_free (ScdTestService *service);
void scd_test_service_dump_log (ScdTestService *service);
gboolean scd_test_service_is_running (ScdTestService *service);
void scd_test_service_assert_alive (ScdTestService *service);

GVariant *scd_test_call_on (GDBusConnection *connection,
                            const char *path,
                            const char *interface,
                            const char *method,
                            GVariant *parameters,
                            const GVariantType *reply_type,
                            GError **error);
GVariant *scd_test_service_call (ScdTestService *service,
                                 const char *path,
                                 const char *interface,
                                 const char *method,
                                 GVariant *parameters,
                                 const GVariantType *reply_type,
                                 GError **error);
GVariant *scd_test_service_get_property (ScdTestService *service,
                                         const char *path,
                                         const char *interface,
                                         const char *property,
                                         GError **error);

char *scd_test_error_name (const GError *error);
void scd_test_assert_scened_error (const GError *error, const char *short_name);

ScdTestSession *
scd_test_session_create (ScdTestService *service, GVariant *options, GError **error);
ScdTestSession *scd_test_session_new_for_path (ScdTestService *service, const char *path);
ScdTestSession *
scd_test_session_create_file (ScdTestService *service, const char *file, GVariant *extra_options);
ScdTestSession *
scd_test_session_start_file (ScdTestService *service, const char *file, GVariant *extra_options);
gboolean scd_test_session_start (ScdTestSession *session, GError **error);
gboolean scd_test_session_stop (ScdTestSession *session, GError **error);
gboolean scd_test_session_close (ScdTestSession *session, GError **error);
gboolean scd_test_session_wait_state (ScdTestSession *session, const char *state, guint timeout_ms);
gboolean scd_test_is_final_state (const char *state);
char *scd_test_session_describe_states (ScdTestSession *session);
gboolean scd_test_session_wait_frames (ScdTestSession *session, guint n_frames, guint timeout_ms);
GVariant *
scd_test_session_get (ScdTestSession *session, const char *interface, const char *property);
guint
scd_test_session_get_uint (ScdTestSession *session, const char *interface, const char *property);
guint64
scd_test_session_get_uint64 (ScdTestSession *session, const char *interface, const char *property);
double
scd_test_session_get_double (ScdTestSession *session, const char *interface, const char *property);
gboolean
scd_test_session_get_boolean (ScdTestSession *session, const char *interface, const char *property);
char *scd_test_session_get_string (ScdTestSession *session, const char *property);
char *scd_test_session_get_directory (ScdTestSession *session);
GVariant *scd_test_session_list_frames (ScdTestSession *session);
GVariant *scd_test_session_list_chunks (ScdTestSession *session);
void scd_test_session_free (ScdTestSession *session);

ScdTestSession *
scd_test_session_run_file (ScdTestService *service, const char *file, GVariant *extra_options);
/* Manager.OpenSession(@directory); asserts it succeeds. */
ScdTestSession *scd_test_session_open (ScdTestService *service, const char *directory);

/* A method call on a session left running while the test does other
 * things (with_unix_fd_list, so that it suits any reply). */
typedef struct
{
  GVariant *reply;
  GUnixFDList *fds;
  GError *error;
  gboolean done;
} ScdTestAsyncCall;

void scd_test_service_call_async (ScdTestService *service,
                                  const char *path,
                                  const char *interface,
                                  const char *method,
                                  GVariant *parameters,
                                  const GVariantType *reply_type,
                                  ScdTestAsyncCall *call);
void scd_test_session_call_async (ScdTestSession *session,
                                  const char *method,
                                  GVariant *parameters,
                                  const GVariantType *reply_type,
                                  ScdTestAsyncCall *call);
gboolean scd_test_async_call_wait (ScdTestAsyncCall *call, guint timeout_ms);
void scd_test_async_call_clear (ScdTestAsyncCall *call);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdTestService, scd_test_service_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdTestSession, scd_test_session_free)

G_END_DECLS
