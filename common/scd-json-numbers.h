/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Numbers in JSON text as the shortest form that reads back as the same
 * double. json-glib's generator writes every double with 17 significant
 * digits ("16.068249999999999" for 16.06825): exact, but not what a person
 * or a script expects to read. The service's files and scenectl's output
 * pass the generator's text through here.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *scd_json_numbers_shortest (const char *json);

G_END_DECLS
