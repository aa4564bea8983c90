/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Typed values from the command line (scenectl-values.c).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *scenectl_resolve_source (const char *arg);
gboolean scenectl_parse_typed_value (const char *key,
                                     const char *text,
                                     const GVariantType *type,
                                     GVariant **out,
                                     GError **error);
gboolean scenectl_parse_session_option (GVariantDict *dict,
                                        const char *key,
                                        const char *text,
                                        GError **error);

G_END_DECLS
