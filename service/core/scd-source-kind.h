/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a session's source is, and the only table of the URL schemes
 * scened accepts (org.scened.Scened1.Manager.xml, CreateSession "source").
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SCD_SOURCE_KIND_FILE,  /* an absolute path */
  SCD_SOURCE_KIND_URL,   /* a URL of one of the schemes below */
  SCD_SOURCE_KIND_PULSE, /* "pulse:" or "pulse:SOURCE": audio only */
} ScdSourceKind;

typedef struct
{
  const char *prefix;    /* "tcp://", "unix:"... */
  const char *protocols; /* libavformat's protocol_whitelist for it */
  gboolean listener;     /* scened waits for senders (tcp:// only with ?listen) */
  gboolean byte_stream;  /* bytes as sent, no seeking: read through scd-ts-reader.c */
} ScdUrlScheme;

const ScdUrlScheme *scd_url_scheme_find (const char *source);
gboolean scd_source_kind_of (const char *source, ScdSourceKind *kind);
ScdSourceKind scd_source_kind_guess (const char *source);
char *scd_url_schemes_list (void);
/* The value of @key in @url's query ("" for a bare key), or NULL. */
char *scd_url_query_value (const char *url, const char *key);
gboolean scd_url_has_listen_option (const char *url);

G_END_DECLS
