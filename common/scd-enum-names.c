/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "scd-enum-names.h"

/* FALSE for NULL or a name not in the table (@value untouched). */
gboolean
scd_enum_from_name (const char *const *names, guint n_names, const char *text, guint *value)
{
  for (guint i = 0; i < n_names; i++)
    if (names[i] != NULL && g_strcmp0 (text, names[i]) == 0)
      {
        *value = i;
        return TRUE;
      }
  return FALSE;
}
