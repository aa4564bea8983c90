/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-caller-locale.h"
#include "scd-error.h"

typedef struct
{
  locale_t locale;
  guint watch_id;
} Caller;

/* unique name -> Caller; main thread only, as are the calls. */
static GHashTable *callers;

static void
caller_free (gpointer data)
{
  Caller *caller = data;

  g_bus_unwatch_name (caller->watch_id);
  freelocale (caller->locale);
  g_free (caller);
}

static void
on_caller_vanished (GDBusConnection *connection, const char *name, gpointer user_data)
{
  g_hash_table_remove (callers, name);
}

/* A POSIX locale name: letters, digits and "_.@-" only. glibc reads a
 * name with a '/' as the path of locale files to load, which no client
 * may choose. */
static gboolean
name_is_valid (const char *name)
{
  if (*name == '\0' || strlen (name) > SCD_CALLER_LOCALE_NAME_MAX)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_.@-", *p) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
scd_caller_locale_set (GDBusConnection *connection,
                       const char *sender,
                       const char *name,
                       GError **error)
{
  Caller *caller;
  locale_t locale;

  if (!name_is_valid (name))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("“%.64s” is not a locale name (such as de_DE.UTF-8)"), name);
      return FALSE;
    }
  locale = newlocale (LC_MESSAGES_MASK, name, (locale_t) 0);
  if (locale == (locale_t) 0)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED,
                   _("The locale “%s” is not installed where the service runs"), name);
      return FALSE;
    }
  if (callers == NULL)
    callers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, caller_free);
  caller = g_hash_table_lookup (callers, sender);
  if (caller != NULL)
    {
      freelocale (caller->locale);
      caller->locale = locale;
      return TRUE;
    }
  if (g_hash_table_size (callers) >= SCD_CALLER_LOCALE_MAX_CLIENTS)
    {
      freelocale (locale);
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                   _("Too many clients have set a locale; try again later"));
      return FALSE;
    }
  caller = g_new0 (Caller, 1);
  caller->locale = locale;
  g_hash_table_insert (callers, g_strdup (sender), caller);
  /* After the insert: a name already gone calls back at once. */
  caller->watch_id = g_bus_watch_name_on_connection (
      connection, sender, G_BUS_NAME_WATCHER_FLAGS_NONE, NULL, on_caller_vanished, NULL, NULL);
  return TRUE;
}

locale_t
scd_caller_locale_enter (const char *sender)
{
  Caller *caller = callers != NULL && sender != NULL ? g_hash_table_lookup (callers, sender) : NULL;

  if (caller == NULL)
    return uselocale ((locale_t) 0);
  return uselocale (caller->locale);
}

void
scd_caller_locale_leave (locale_t previous)
{
  uselocale (previous);
}

locale_t
scd_caller_locale_dup_current (void)
{
  locale_t current = uselocale ((locale_t) 0);

  return current == LC_GLOBAL_LOCALE ? (locale_t) 0 : duplocale (current);
}

void
scd_caller_locale_free (locale_t locale)
{
  if (locale != (locale_t) 0)
    freelocale (locale);
}
