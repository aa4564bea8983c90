/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "scd-error.h"
#include "scd-listen-address.h"
#include "scd-source-kind.h"

#define LOOPBACK "127.0.0.1"

/* The host of "SCHEME://[USER@]HOST[:PORT][/PATH][?QUERY]", without the
 * brackets of an IPv6 address; where it starts and ends in @url. */
static char *
url_host (const char *url, gsize *start, gsize *end)
{
  const char *authority = strstr (url, "://") + 3;
  const char *stop = authority + strcspn (authority, "/?#");
  const char *at = memchr (authority, '@', (gsize) (stop - authority));
  const char *host = at != NULL ? at + 1 : authority;
  const char *host_end;

  if (*host == '[')
    host_end = memchr (host, ']', (gsize) (stop - host)) != NULL
                   ? (const char *) memchr (host, ']', (gsize) (stop - host)) + 1
                   : stop;
  else
    {
      host_end = host;
      while (host_end < stop && *host_end != ':')
        host_end++;
    }
  *start = (gsize) (host - url);
  *end = (gsize) (host_end - url);
  if (*host == '[' && host_end - host >= 2)
    return g_strndup (host + 1, (gsize) (host_end - host - 2));
  return g_strndup (host, (gsize) (host_end - host));
}

static gboolean
is_wildcard (const char *host)
{
  return g_str_equal (host, "0.0.0.0") || g_str_equal (host, "::") || g_str_equal (host, "*");
}

/* 224.0.0.0/4 or ff00::/8: a group to join, not an address to bind. */
static gboolean
is_multicast (const char *host)
{
  guint64 first = g_ascii_strtoull (host, NULL, 10);

  return (g_ascii_isdigit (host[0]) && first >= 224 && first <= 239)
         || g_ascii_strncasecmp (host, "ff", 2) == 0;
}

gboolean
scd_listen_address_check (char **source, gboolean listen_public, GError **error)
{
  gboolean tcp = g_str_has_prefix (*source, "tcp://") && scd_url_has_listen_option (*source);
  g_autofree char *localaddr = scd_url_query_value (*source, "localaddr");
  gboolean udp = g_str_has_prefix (*source, "udp://") && localaddr == NULL;
  g_autofree char *host = NULL;
  gsize start, end;

  if (!tcp && !udp)
    return TRUE;
  host = url_host (*source, &start, &end);
  if (udp && is_multicast (host))
    return TRUE;
  if (is_wildcard (host))
    {
      if (!listen_public)
        {
          g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                       _("“%s” would listen on every network interface: set “listen-public” "
                         "to allow it, or give a host (127.0.0.1 for this machine only)"),
                       *source);
          return FALSE;
        }
      g_message ("“%s” listens on every network interface (listen-public)", *source);
      return TRUE;
    }
  if (*host == '\0' || udp)
    {
      /* No host: loopback. UDP: bind the host given, as its localaddr. */
      g_autofree char *head = g_strndup (*source, start);
      const char *tail = *source + end;
      const char *bind = *host == '\0' ? LOOPBACK : host;
      char *rewritten;

      g_autofree char *host_text = *host == '\0' ? g_strdup (LOOPBACK)
                                                 : g_strndup (*source + start, end - start);

      if (udp)
        rewritten = g_strdup_printf ("%s%s%s%slocaladdr=%s", head, host_text, tail,
                                     strchr (tail, '?') != NULL ? "&" : "?", bind);
      else
        rewritten = g_strconcat (head, host_text, tail, NULL);
      g_free (*source);
      *source = rewritten;
    }
  return TRUE;
}
