/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The keys an a{sv} of options may hold, and their types: one check for
 * CreateSession, GenerateProxy and the Open*Stream calls, against their
 * tables (common/scd-option-table.c), with the same errors.
 */
#pragma once

#include <glib.h>

#include "scd-option-table.h"

G_BEGIN_DECLS

/* InvalidArgument unless every key of @options is in @table, with its type,
 * and no string is longer than SCD_OPTION_STRING_MAX bytes. */
gboolean scd_option_check (const ScdOptionTable *table, GVariant *options, GError **error);
/* InvalidArgument, naming @what, if @value is longer than
 * SCD_OPTION_STRING_MAX bytes. */
gboolean scd_option_check_length (const char *what, const char *value, GError **error);
/* InvalidArgument unless @value is finite and in @option's range. */
gboolean scd_option_check_range (const ScdOption *option, double value, GError **error);

G_END_DECLS
