/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The language of the replies a client gets. A client may say once which
 * locale it reads (Manager.SetLocale, as PackageKit's clients give a
 * "locale" hint): the errors of its calls are then written in that
 * locale's language where the service has a catalogue for it. Only
 * replies: a session's Error property is read by every client and stays
 * in the service's language (ErrorName is the same in all).
 *
 * glibc's gettext reads the calling thread's locale, so a call runs under
 * uselocale() of its caller's (scd_caller_locale_enter(), from the call
 * guard), and work a call hands to a thread takes a copy along
 * (scd_caller_locale_dup_current()).
 */
#pragma once

#include <gio/gio.h>
#include <locale.h>

G_BEGIN_DECLS

/* Longest locale name taken ("de_DE.UTF-8@euro" and its like are far
 * shorter). */
#define SCD_CALLER_LOCALE_NAME_MAX 64
/* Clients remembered at once; each is forgotten when it leaves the bus. */
#define SCD_CALLER_LOCALE_MAX_CLIENTS 1024

gboolean scd_caller_locale_set (GDBusConnection *connection,
                                const char *sender,
                                const char *name,
                                GError **error);
/* Switches this thread to @sender's locale, if it gave one; returns what
 * to give scd_caller_locale_leave(). */
locale_t scd_caller_locale_enter (const char *sender);
void scd_caller_locale_leave (locale_t previous);

/* A copy of this thread's locale for a worker thread, or (locale_t) 0
 * when it is the global one; free with scd_caller_locale_free(). */
locale_t scd_caller_locale_dup_current (void);
void scd_caller_locale_free (locale_t locale);

G_END_DECLS
