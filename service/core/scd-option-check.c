/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "scd-error.h"
#include "scd-option-check.h"

gboolean
scd_option_check (const ScdOptionTable *table, GVariant *options, GError **error)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_val_if_fail (g_variant_is_of_type (options, G_VARIANT_TYPE_VARDICT), FALSE);

  g_variant_iter_init (&iter, options);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      const ScdOption *spec = scd_option_table_find (table, key);

      if (spec == NULL)
        {
          g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, _("Unknown option “%s”"),
                       key);
          g_variant_unref (value);
          return FALSE;
        }
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE (spec->type)))
        {
          g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                       _("Option “%s” must be of type “%s”, not “%s”"), key, spec->type,
                       g_variant_get_type_string (value));
          g_variant_unref (value);
          return FALSE;
        }
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
          && !scd_option_check_length (key, g_variant_get_string (value, NULL), error))
        {
          g_variant_unref (value);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
scd_option_check_length (const char *what, const char *value, GError **error)
{
  gsize length = strlen (value);

  if (length <= SCD_OPTION_STRING_MAX)
    return TRUE;
  g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
               _("“%s” must be at most %d bytes long, not %zu"), what, SCD_OPTION_STRING_MAX,
               length);
  return FALSE;
}

gboolean
scd_option_check_range (const ScdOption *option, double value, GError **error)
{
  if (scd_option_in_range (option, value))
    return TRUE;
  if (option->zero_is_off)
    g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                 _("“%s” must be 0 (off) or between %g and %g, not %g"), option->key, option->min,
                 option->max, value);
  else
    g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                 _("“%s” must be between %g and %g, not %g"), option->key, option->min,
                 option->max, value);
  return FALSE;
}
