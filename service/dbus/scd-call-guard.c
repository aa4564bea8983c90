/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every remote call into a session's interfaces passes here first. A
 * skeleton subclass returns scd_call_guard_vtable() from get_vtable: the
 * generated vtable, with
 *
 * - a method_call that answers org.scened.Scened1.Error.AccessDenied when
 *   the caller may not control the session (scd_session_check_control():
 *   a session belongs to the client that made it), for every method but
 *   the listings, which stay open to all;
 * - a set_property that checks the same, then runs the option checks of
 *   scd-session-options.c (gdbus-codegen's skeletons would set any value
 *   with g_object_set() and reply success) and answers InvalidArgument,
 *   leaving the value in force untouched.
 *
 * Both run in the caller's locale, where it gave one
 * (scd-caller-locale.c), so that the errors it gets are in its language.
 *
 * The session the skeleton belongs to is its "scd-session" data
 * (scd_call_guard_set_session()); a skeleton without one (the manager) is
 * open to all.
 */
#include "config.h"

#include "scd-call-guard.h"
#include "scd-regions.h"
#include "scd-caller-locale.h"
#include "scd-session-options.h"
#include "scd-session.h"

typedef struct
{
  GDBusInterfaceVTable vtable;
  GDBusInterfaceMethodCallFunc parent_method_call;
  GDBusInterfaceSetPropertyFunc parent_set_property;
} Guarded;

/* interface name -> Guarded: one per interface, made once, kept for good. */
static GHashTable *guarded_vtables;
G_LOCK_DEFINE_STATIC (guarded_vtables);

/* Methods anyone may call: they only read. */
static const char *const open_methods[] = { "ListFrames", "ListChunks", "ListStreams" };

/* The writable settings, and the CreateSession option each one is. */
static const struct
{
  const char *property;
  const char *option;
} settings[] = {
  { "Threshold", "scene-threshold" },
  { "MinSceneLength", "min-scene-length" },
  { "MaxFrameInterval", "max-frame-interval" },
  { "ChunkDuration", "audio-chunk-seconds" },
};

gboolean
scd_call_guard_check_value (const char *property, GVariant *value, GError **error)
{
  ScdRegions regions = { 0 };

  if (g_str_equal (property, "ExcludeRegions"))
    return scd_regions_set_exclude (&regions, value, error);
  if (g_str_equal (property, "WatchRegion"))
    return scd_regions_set_watch (&regions, value, error);
  for (gsize i = 0; i < G_N_ELEMENTS (settings); i++)
    if (g_str_equal (property, settings[i].property))
      return scd_session_options_check (settings[i].option, g_variant_get_double (value), error);
  return TRUE;
}

void
scd_call_guard_set_session (GDBusInterfaceSkeleton *skeleton, ScdSession *session)
{
  g_object_set_data (G_OBJECT (skeleton), "scd-session", session);
}

static gboolean
may_control (gpointer skeleton, const char *sender, GError **error)
{
  ScdSession *session = g_object_get_data (G_OBJECT (skeleton), "scd-session");

  return session == NULL || scd_session_check_control (session, sender, error);
}

static Guarded *
lookup (const char *interface_name)
{
  Guarded *guarded;

  G_LOCK (guarded_vtables);
  guarded = g_hash_table_lookup (guarded_vtables, interface_name);
  G_UNLOCK (guarded_vtables);
  return guarded;
}

static void
guarded_method_call (GDBusConnection *connection,
                     const char *sender,
                     const char *object_path,
                     const char *interface_name,
                     const char *method_name,
                     GVariant *parameters,
                     GDBusMethodInvocation *invocation,
                     gpointer user_data)
{
  GError *error = NULL;
  locale_t previous = scd_caller_locale_enter (sender);

  if (!g_strv_contains (open_methods, method_name) && !may_control (user_data, sender, &error))
    g_dbus_method_invocation_take_error (invocation, error);
  else
    lookup (interface_name)
        ->parent_method_call (connection, sender, object_path, interface_name, method_name,
                              parameters, invocation, user_data);
  scd_caller_locale_leave (previous);
}

static gboolean
guarded_set_property (GDBusConnection *connection,
                      const char *sender,
                      const char *object_path,
                      const char *interface_name,
                      const char *property_name,
                      GVariant *value,
                      GError **error,
                      gpointer user_data)
{
  locale_t previous = scd_caller_locale_enter (sender);
  gboolean set = may_control (user_data, sender, error)
                 && scd_call_guard_check_value (property_name, value, error)
                 && lookup (interface_name)
                        ->parent_set_property (connection, sender, object_path, interface_name,
                                               property_name, value, error, user_data);

  scd_caller_locale_leave (previous);
  return set;
}

GDBusInterfaceVTable *
scd_call_guard_vtable (const char *interface_name, GDBusInterfaceVTable *parent)
{
  Guarded *guarded;

  G_LOCK (guarded_vtables);
  if (guarded_vtables == NULL)
    guarded_vtables = g_hash_table_new (g_str_hash, g_str_equal);
  guarded = g_hash_table_lookup (guarded_vtables, interface_name);
  if (guarded == NULL)
    {
      guarded = g_new0 (Guarded, 1);
      guarded->vtable = *parent;
      guarded->parent_method_call = parent->method_call;
      guarded->parent_set_property = parent->set_property;
      guarded->vtable.method_call = guarded_method_call;
      guarded->vtable.set_property = guarded_set_property;
      g_hash_table_insert (guarded_vtables, (gpointer) g_intern_string (interface_name), guarded);
    }
  G_UNLOCK (guarded_vtables);
  return &guarded->vtable;
}
