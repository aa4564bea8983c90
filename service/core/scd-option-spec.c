/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-error.h"
#include "scd-option-spec.h"

gboolean
scd_option_spec_check (const ScdOptionSpec *specs, gsize n_specs, GVariant *options, GError **error)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_val_if_fail (g_variant_is_of_type (options, G_VARIANT_TYPE_VARDICT), FALSE);

  g_variant_iter_init (&iter, options);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      const ScdOptionSpec *spec = NULL;

      for (gsize i = 0; i < n_specs && spec == NULL; i++)
        if (g_str_equal (specs[i].key, key))
          spec = &specs[i];
      if (spec == NULL)
        {
          g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, _("Unknown option “%s”"),
                       key);
          g_variant_unref (value);
          return FALSE;
        }
      if (!g_variant_is_of_type (value, spec->type))
        {
          g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                       _("Option “%s” must be of type “%s”, not “%s”"), key,
                       (const char *) spec->type, g_variant_get_type_string (value));
          g_variant_unref (value);
          return FALSE;
        }
    }
  return TRUE;
}
