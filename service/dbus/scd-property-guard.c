/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * gdbus-codegen's skeletons set a written property with g_object_set()
 * and reply success whatever the value. A skeleton subclass returns
 * scd_property_guard_vtable() from get_vtable: the generated vtable, with
 * a set_property that runs the option checks of scd-session-options.c
 * first and answers org.scened.Scened1.Error.InvalidArgument, leaving the
 * value in force untouched.
 */
#include "config.h"

#include "scd-property-guard.h"
#include "scd-session-options.h"

typedef struct
{
  GDBusInterfaceVTable vtable;
  GDBusInterfaceSetPropertyFunc parent_set_property;
} Guarded;

/* interface name -> Guarded: one per interface, made once, kept for good. */
static GHashTable *guarded_vtables;
G_LOCK_DEFINE_STATIC (guarded_vtables);

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
scd_property_guard_check (const char *property, GVariant *value, GError **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (settings); i++)
    if (g_str_equal (property, settings[i].property))
      return scd_session_options_check (settings[i].option, g_variant_get_double (value), error);
  return TRUE;
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
  Guarded *guarded;

  if (!scd_property_guard_check (property_name, value, error))
    return FALSE;

  G_LOCK (guarded_vtables);
  guarded = g_hash_table_lookup (guarded_vtables, interface_name);
  G_UNLOCK (guarded_vtables);
  return guarded->parent_set_property (connection, sender, object_path, interface_name,
                                       property_name, value, error, user_data);
}

GDBusInterfaceVTable *
scd_property_guard_vtable (const char *interface_name, GDBusInterfaceVTable *parent)
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
      guarded->parent_set_property = parent->set_property;
      guarded->vtable.set_property = guarded_set_property;
      g_hash_table_insert (guarded_vtables, (gpointer) g_intern_string (interface_name), guarded);
    }
  G_UNLOCK (guarded_vtables);
  return &guarded->vtable;
}
