/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Only the schemes below: libavformat's others (concat:, subfile:, data:,
 * file:...) could read what the caller has no business reading. Each gets
 * its own protocol and what carries it, nothing more.
 */
#include "scd-option-values.h"
#include "scd-source-kind.h"

#include <string.h>

static const ScdUrlScheme url_schemes[] = {
  { "tcp://", "tcp", FALSE, TRUE },
  { "udp://", "udp", TRUE, TRUE },
  { "unix:", "unix", TRUE, TRUE },
  { "rtmp://", "rtmp,tcp", FALSE, FALSE },
  { "rtsp://", "rtsp,rtp,udp,tcp", FALSE, FALSE },
  { "srt://", "srt,udp", FALSE, TRUE },
  { "http://", "http,tcp", FALSE, FALSE },
  { "https://", "https,http,tls,tcp", FALSE, FALSE },
};

/* The scheme @source starts with, or NULL. */
const ScdUrlScheme *
scd_url_scheme_find (const char *source)
{
  for (gsize i = 0; i < G_N_ELEMENTS (url_schemes); i++)
    if (g_str_has_prefix (source, url_schemes[i].prefix))
      return &url_schemes[i];
  return NULL;
}

/* The kind of a source CreateSession accepts; FALSE for any other. */
gboolean
scd_source_kind_of (const char *source, ScdSourceKind *kind)
{
  if (g_path_is_absolute (source))
    *kind = SCD_SOURCE_KIND_FILE;
  else if (g_str_has_prefix (source, SCD_PULSE_PREFIX))
    *kind = SCD_SOURCE_KIND_PULSE;
  else if (scd_url_scheme_find (source) != NULL)
    *kind = SCD_SOURCE_KIND_URL;
  else
    return FALSE;
  return TRUE;
}

/* The kind of a source read back from a manifest, which was accepted once:
 * what it is, or a URL. */
ScdSourceKind
scd_source_kind_guess (const char *source)
{
  ScdSourceKind kind;

  return scd_source_kind_of (source, &kind) ? kind : SCD_SOURCE_KIND_URL;
}

/* "tcp://, udp://, ...": the schemes, for a message. */
char *
scd_url_schemes_list (void)
{
  g_autoptr (GString) list = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (url_schemes); i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", url_schemes[i].prefix);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

char *
scd_url_query_value (const char *url, const char *key)
{
  const char *query = strchr (url, '?');
  g_auto (GStrv) options = NULL;
  gsize length = strlen (key);

  if (query == NULL)
    return NULL;
  options = g_strsplit (query + 1, "&", -1);
  for (char **o = options; *o != NULL; o++)
    if (strncmp (*o, key, length) == 0 && ((*o)[length] == '=' || (*o)[length] == '\0'))
      return g_strdup ((*o)[length] == '=' ? *o + length + 1 : "");
  return NULL;
}

/* "?listen", "?listen=1", "&listen=2"...: a query option of the URL, not
 * a host name that happens to contain the word. */
gboolean
scd_url_has_listen_option (const char *url)
{
  g_autofree char *value = scd_url_query_value (url, "listen");

  return value != NULL && !g_str_equal (value, "0");
}
