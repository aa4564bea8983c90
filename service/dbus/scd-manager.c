/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * ScdManager subclasses the Manager skeleton at /org/scened/Scened1, next
 * to a GDBusObjectManagerServer there that exports each session's object
 * under /org/scened/Scened1/session/. It holds the only strong reference
 * to each session; Close() and shutdown drop it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-error.h"
#include "scd-call-guard.h"
#include "scd-caller-locale.h"
#include "scd-manager.h"
#include "scd-option-check.h"
#include "scd-missing-sessions.h"
#include "scd-session-options.h"
#include "scd-pulse-sources.h"
#include "scd-session.h"
#include "scd-source.h"

#define MANAGER_PATH "/org/scened/Scened1"

struct _ScdManager
{
  ScdDbusManagerSkeleton parent_instance;

  GDBusObjectManagerServer *object_manager;
  GHashTable *sessions; /* object path -> ScdSession */
  GDBusConnection *connection;
  guint missing_sessions;     /* the subtree of scd-missing-sessions.c */
  guint max_sessions;         /* at work at once */
  guint creating;             /* CreateSession() calls not answered yet */
  GHashTable *caller_watches; /* object path -> name watch id, for "exit-with-caller" */
  GTask *shutdown;
  gboolean shutting_down;
};

static void scd_manager_iface_init (ScdDbusManagerIface *iface);

G_DEFINE_TYPE_WITH_CODE (ScdManager,
                         scd_manager,
                         SCD_DBUS_TYPE_MANAGER_SKELETON,
                         G_IMPLEMENT_INTERFACE (SCD_DBUS_TYPE_MANAGER, scd_manager_iface_init))

static void maybe_finish_shutdown (ScdManager *self);

static void
remove_session (ScdManager *self, ScdSession *session)
{
  const char *path = scd_session_get_object_path (session);
  gpointer watch;

  if (g_hash_table_lookup_extended (self->caller_watches, path, NULL, &watch))
    {
      g_bus_unwatch_name (GPOINTER_TO_UINT (watch));
      g_hash_table_remove (self->caller_watches, path);
    }

  g_dbus_object_manager_server_unexport (self->object_manager, path);
  g_hash_table_remove (self->sessions, path);
}

static void
on_session_closed (ScdSession *session, gpointer user_data)
{
  remove_session (SCD_MANAGER (user_data), session);
}

static gboolean check_start (gpointer user_data, GError **error);

static void
add_session (ScdManager *self, ScdSession *session)
{
  g_autoptr (GDBusObjectSkeleton) object = scd_session_new_object (session);

  g_hash_table_insert (self->sessions, g_strdup (scd_session_get_object_path (session)),
                       g_object_ref (session));
  g_signal_connect_object (session, "closed", G_CALLBACK (on_session_closed), self, 0);
  scd_session_set_start_check (session, check_start, self);
  g_dbus_object_manager_server_export (self->object_manager, object);
}

/* Refuses, clearly, what this machine cannot do, before anything is
 * created on disk: "cuda" where no CUDA device opened at start-up, a
 * PulseAudio source that does not exist. */
static gboolean
check_supported (ScdManager *self, const ScdSessionOptions *options, GError **error)
{
  const char *what = NULL;

  if (options->hwaccel == SCD_HWACCEL_CUDA
      && !g_strv_contains (scd_dbus_manager_get_hardware_decoders (SCD_DBUS_MANAGER (self)),
                           "cuda"))
    what = _("CUDA decoding is not available on this machine");

  if (what == NULL)
    return scd_source_check_available (options, error);
  g_set_error_literal (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED, what);
  return FALSE;
}

/* Every session takes threads, decoders and memory while it works: past
 * the limit a new one is refused until one stops, fails or is closed.
 * Sessions that have ended, reopened ones among them, do not count. */
static void
room_error (ScdManager *self, GError **error)
{
  g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_STATE,
               g_dngettext (GETTEXT_PACKAGE,
                            "There is already %u session at work, the most this service runs "
                            "at once: stop or close one first",
                            "There are already %u sessions at work, the most this service runs "
                            "at once: stop or close one first",
                            self->max_sessions),
               self->max_sessions);
}

/* Sessions started and not ended yet. */
static guint
count_running (ScdManager *self)
{
  GHashTableIter iter;
  gpointer session;
  guint running = 0;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &session))
    if (!scd_session_has_ended (session) && !scd_session_is_waiting_to_start (session, NULL))
      running++;
  return running;
}

/* A new session counts against the limit with those at work, and with
 * the sessions its caller made and has not started: sessions someone else
 * made and left unstarted lock no one else out. */
static gboolean
check_room (ScdManager *self, const char *caller, GError **error)
{
  guint at_work = self->creating + count_running (self);
  GHashTableIter iter;
  gpointer session;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &session))
    if (scd_session_is_waiting_to_start (session, caller))
      at_work++;
  if (at_work < self->max_sessions)
    return TRUE;
  room_error (self, error);
  return FALSE;
}

/* Start(): room among the sessions at work. */
static gboolean
check_start (gpointer user_data, GError **error)
{
  ScdManager *self = user_data;

  if (count_running (self) < self->max_sessions)
    return TRUE;
  room_error (self, error);
  return FALSE;
}

typedef struct
{
  ScdManager *self;
  GDBusMethodInvocation *invocation;
  char *caller; /* its unique name, when the session exits with it */
  char *owner;  /* the caller's unique name: it controls the session */
  gboolean shared;
} CreateCall;

static void
create_call_free (CreateCall *call)
{
  g_object_unref (call->self);
  g_clear_object (&call->invocation);
  g_free (call->caller);
  g_free (call->owner);
  g_free (call);
}

static void
on_caller_vanished (GDBusConnection *connection, const char *name, gpointer user_data)
{
  ScdSession *session = user_data;

  g_debug ("%s left the bus: closing %s", name, scd_session_get_object_path (session));
  scd_session_close (session);
}

/* Sessions outlive the connection that made them (a script makes one call
 * and leaves), unless made with "exit-with-caller": then the caller leaving
 * the bus stops and closes the session, as Close() would. The watch holds
 * the session until it is closed either way (remove_session()). */
static void
watch_caller (ScdManager *self, ScdSession *session, const char *caller)
{
  guint watch = g_bus_watch_name_on_connection (
      self->connection, caller, G_BUS_NAME_WATCHER_FLAGS_NONE, NULL, on_caller_vanished,
      g_object_ref (session), g_object_unref);

  g_hash_table_insert (self->caller_watches, g_strdup (scd_session_get_object_path (session)),
                       GUINT_TO_POINTER (watch));
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CreateCall, create_call_free)

static void
create_session_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (CreateCall) call = user_data;
  ScdManager *self = call->self;
  /* The call's reference is the one each return below consumes. */
  GDBusMethodInvocation *invocation = g_steal_pointer (&call->invocation);
  g_autoptr (ScdSession) session = NULL;
  g_autoptr (GError) error = NULL;

  self->creating--;
  session = scd_session_create_finish (result, &error);
  if (session == NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return;
    }
  if (self->shutting_down)
    {
      g_dbus_method_invocation_return_error (invocation, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                                             _("The service is shutting down"));
      return;
    }

  scd_session_set_owner (session, self->connection, call->owner, call->shared);
  add_session (self, session);
  if (call->caller != NULL)
    watch_caller (self, session, call->caller);
  g_debug ("Created session %s", scd_session_get_object_path (session));
  scd_dbus_manager_complete_create_session (SCD_DBUS_MANAGER (self), invocation,
                                            scd_session_get_object_path (session));
}

static gboolean
handle_create_session (ScdDbusManager *manager,
                       GDBusMethodInvocation *invocation,
                       GVariant *options_variant)
{
  ScdManager *self = SCD_MANAGER (manager);
  g_autoptr (ScdSessionOptions) options = NULL;
  g_autoptr (GError) error = NULL;
  CreateCall *call;

  if (self->shutting_down)
    {
      g_dbus_method_invocation_return_error (invocation, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                                             _("The service is shutting down"));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  options = scd_session_options_parse (options_variant, &error);
  if (options == NULL || !check_supported (self, options, &error)
      || !check_room (self, g_dbus_method_invocation_get_sender (invocation), &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  self->creating++;
  call = g_new0 (CreateCall, 1);
  call->self = g_object_ref (self);
  call->invocation = invocation;
  call->owner = g_strdup (g_dbus_method_invocation_get_sender (invocation));
  call->shared = options->shared;
  if (options->exit_with_caller)
    call->caller = g_strdup (g_dbus_method_invocation_get_sender (invocation));
  scd_session_create_async (g_steal_pointer (&options),
                            scd_dbus_manager_get_data_directory (manager), NULL,
                            create_session_done, call);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
open_session_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (CreateCall) call = user_data;
  ScdManager *self = call->self;
  GDBusMethodInvocation *invocation = g_steal_pointer (&call->invocation);
  g_autoptr (ScdSession) session = NULL;
  g_autoptr (GError) error = NULL;
  ScdSession *existing;

  session = scd_session_open_finish (result, &error);
  if (session == NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return;
    }

  /* Opening a session that is already on the bus gives that session. */
  existing = g_hash_table_lookup (self->sessions, scd_session_get_object_path (session));
  if (existing == NULL)
    {
      scd_session_set_owner (session, self->connection, call->owner, FALSE);
      add_session (self, session);
    }
  scd_dbus_manager_complete_open_session (SCD_DBUS_MANAGER (self), invocation,
                                          scd_session_get_object_path (session));
}

static gboolean
handle_open_session (ScdDbusManager *manager,
                     GDBusMethodInvocation *invocation,
                     const char *directory)
{
  ScdManager *self = SCD_MANAGER (manager);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) busy = NULL;
  CreateCall *call;

  if (self->shutting_down)
    {
      g_dbus_method_invocation_return_error (invocation, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                                             _("The service is shutting down"));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  if (!scd_option_check_length ("directory", directory, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  call = g_new0 (CreateCall, 1);
  call->self = g_object_ref (self);
  call->invocation = invocation;
  call->owner = g_strdup (g_dbus_method_invocation_get_sender (invocation));
  {
    g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
    GHashTableIter iter;
    gpointer session;

    g_hash_table_iter_init (&iter, self->sessions);
    while (g_hash_table_iter_next (&iter, NULL, &session))
      g_strv_builder_add (builder, scd_dbus_session_get_directory (session));
    busy = g_strv_builder_end (builder);
  }
  scd_session_open_async (scd_dbus_manager_get_data_directory (manager), directory,
                          (const char *const *) busy, NULL, open_session_done, call);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
list_sources_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  GVariant *sources = scd_pulse_list_sources (&error);

  if (sources == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_variant_ref_sink (sources), (GDestroyNotify) g_variant_unref);
}

static void
list_sources_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GDBusMethodInvocation *invocation = user_data;
  g_autoptr (GVariant) sources = NULL;
  GError *error = NULL;

  sources = g_task_propagate_pointer (G_TASK (result), &error);
  if (sources == NULL)
    g_dbus_method_invocation_take_error (invocation, error);
  else
    scd_dbus_manager_complete_list_audio_sources (SCD_DBUS_MANAGER (source), invocation, sources);
}

static gboolean
handle_set_locale (ScdDbusManager *manager, GDBusMethodInvocation *invocation, const char *name)
{
  g_autoptr (GError) error = NULL;

  if (scd_caller_locale_set (g_dbus_method_invocation_get_connection (invocation),
                             g_dbus_method_invocation_get_sender (invocation), name, &error))
    scd_dbus_manager_complete_set_locale (manager, invocation);
  else
    g_dbus_method_invocation_return_gerror (invocation, error);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* libpulse blocks while it asks the server: a worker thread does it. */
static gboolean
handle_list_audio_sources (ScdDbusManager *manager, GDBusMethodInvocation *invocation)
{
  g_autoptr (GTask) task = g_task_new (manager, NULL, list_sources_done, invocation);

  g_task_set_source_tag (task, handle_list_audio_sources);
  g_task_run_in_thread (task, list_sources_thread);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---- shutdown ---- */

static void
session_stopped_for_shutdown (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ScdManager) self = user_data;

  scd_session_stop_finish (SCD_SESSION (source), result, NULL);
  remove_session (self, SCD_SESSION (source));
  maybe_finish_shutdown (self);
}

static void
maybe_finish_shutdown (ScdManager *self)
{
  if (self->shutdown != NULL && g_hash_table_size (self->sessions) == 0)
    {
      g_autoptr (GTask) task = g_steal_pointer (&self->shutdown);

      g_task_return_boolean (task, TRUE);
    }
}

/* Stops every session cleanly (indexes and manifests written), then
 * completes. */
void
scd_manager_shutdown_async (ScdManager *self, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GPtrArray) sessions = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer session;

  g_return_if_fail (self->shutdown == NULL);
  self->shutting_down = TRUE;
  self->shutdown = g_task_new (self, NULL, callback, user_data);

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &session))
    g_ptr_array_add (sessions, session);
  for (guint i = 0; i < sessions->len; i++)
    scd_session_stop_async (g_ptr_array_index (sessions, i), session_stopped_for_shutdown,
                            g_object_ref (self));
  maybe_finish_shutdown (self);
}

void
scd_manager_shutdown_finish (ScdManager *self, GAsyncResult *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}

/* ---- setup ---- */

gboolean
scd_manager_export (ScdManager *self, GDBusConnection *connection, GError **error)
{
  g_dbus_object_manager_server_set_connection (self->object_manager, connection);
  self->missing_sessions = scd_missing_sessions_register (connection, self->sessions, error);
  if (self->missing_sessions == 0)
    return FALSE;
  self->connection = g_object_ref (connection);
  return g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self), connection,
                                           MANAGER_PATH, error);
}

/* What scd-hwaccel.c found: Manager.HardwareDecoders. */
void
scd_manager_set_hardware_decoders (ScdManager *self, const char *const *decoders)
{
  scd_dbus_manager_set_hardware_decoders (SCD_DBUS_MANAGER (self), decoders);
}

ScdManager *
scd_manager_new (const char *data_dir, guint max_sessions)
{
  static const char *const no_decoders[] = { NULL };
  ScdManager *self = g_object_new (SCD_TYPE_MANAGER, NULL);

  self->max_sessions = max_sessions;

  scd_dbus_manager_set_version (SCD_DBUS_MANAGER (self), PACKAGE_VERSION);
  scd_dbus_manager_set_data_directory (SCD_DBUS_MANAGER (self), data_dir);
  scd_dbus_manager_set_hardware_decoders (SCD_DBUS_MANAGER (self), no_decoders);
  return self;
}

static void
scd_manager_dispose (GObject *object)
{
  ScdManager *self = SCD_MANAGER (object);

  if (g_dbus_interface_skeleton_get_connection (G_DBUS_INTERFACE_SKELETON (self)) != NULL)
    g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self));
  if (self->missing_sessions != 0)
    {
      g_dbus_connection_unregister_subtree (self->connection, self->missing_sessions);
      self->missing_sessions = 0;
    }
  g_clear_object (&self->connection);
  if (self->caller_watches != NULL)
    {
      GHashTableIter iter;
      gpointer watch;

      g_hash_table_iter_init (&iter, self->caller_watches);
      while (g_hash_table_iter_next (&iter, NULL, &watch))
        g_bus_unwatch_name (GPOINTER_TO_UINT (watch));
      g_clear_pointer (&self->caller_watches, g_hash_table_unref);
    }
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_object (&self->object_manager);

  G_OBJECT_CLASS (scd_manager_parent_class)->dispose (object);
}

static void
scd_manager_init (ScdManager *self)
{
  self->object_manager = g_dbus_object_manager_server_new (MANAGER_PATH);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->caller_watches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Through the call guard: open to all, in the caller's locale. */
static GDBusInterfaceVTable *
get_vtable (GDBusInterfaceSkeleton *skeleton)
{
  return scd_call_guard_vtable (
      "org.scened.Scened1.Manager",
      G_DBUS_INTERFACE_SKELETON_CLASS (scd_manager_parent_class)->get_vtable (skeleton));
}

static void
scd_manager_class_init (ScdManagerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = scd_manager_dispose;
  G_DBUS_INTERFACE_SKELETON_CLASS (klass)->get_vtable = get_vtable;
}

static void
scd_manager_iface_init (ScdDbusManagerIface *iface)
{
  iface->handle_create_session = handle_create_session;
  iface->handle_open_session = handle_open_session;
  iface->handle_list_audio_sources = handle_list_audio_sources;
  iface->handle_set_locale = handle_set_locale;
}
