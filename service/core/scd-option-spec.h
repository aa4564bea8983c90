/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The keys an a{sv} of options may hold, and their types: one check for
 * CreateSession and for the Open*Stream calls, with the same errors.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *key;
  const GVariantType *type;
} ScdOptionSpec;

/* InvalidArgument unless every key of @options is in @specs, with its type. */
gboolean scd_option_spec_check (const ScdOptionSpec *specs,
                                gsize n_specs,
                                GVariant *options,
                                GError **error);

G_END_DECLS
