/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The options of the D-Bus API, one table per a{sv} argument: each key's
 * GVariant type, and for CreateSession its default and accepted range. The
 * service checks, fills and range-checks options with these tables, the
 * manifest reads session.json's settings with them, and scenectl types
 * "-o KEY=VALUE" with them, so none of the three can drift from another.
 * The methods themselves are described in introspection/.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest string option, in bytes, and the longest string the service
 * reads back from a session's files: room for any path (PATH_MAX), URL or
 * name, and far below what a D-Bus message may carry. */
#define SCD_OPTION_STRING_MAX 4096

typedef struct
{
  const char *key;
  const char *type;           /* a GVariant type string: "s", "b", "d" or "u" */
  double default_number;      /* "b" (0 or 1), "d" and "u" */
  const char *default_string; /* "s"; NULL: none */
  double min, max;            /* "d" and "u" when max > min: the accepted range */
  gboolean zero_is_off;       /* 0 is accepted too, meaning "off" */
} ScdOption;

typedef struct
{
  const ScdOption *options;
  gsize n_options;
} ScdOptionTable;

extern const ScdOptionTable scd_create_session_options;
extern const ScdOptionTable scd_frame_stream_options;
extern const ScdOptionTable scd_audio_stream_options;
extern const ScdOptionTable scd_proxy_options;

const ScdOption *scd_option_table_find (const ScdOptionTable *table, const char *key);
const ScdOption *scd_session_option (const char *key);
gboolean scd_option_in_range (const ScdOption *option, double value);

G_END_DECLS
