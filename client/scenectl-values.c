/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Typed values from the command line: a source argument made absolute,
 * and "-o KEY=VALUE" typed as the service takes the option
 * (common/scd-option-table.c).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>

#include "scd-option-table.h"
#include "scenectl-values.h"

char *
scenectl_resolve_source (const char *arg)
{
  const char *scheme;

  /* An existing file wins even if its name looks like "scheme:rest". */
  if (g_file_test (arg, G_FILE_TEST_EXISTS))
    return g_canonicalize_filename (arg, NULL);

  scheme = g_uri_peek_scheme (arg);
  if (scheme == NULL)
    return g_canonicalize_filename (arg, NULL);

  if (g_str_equal (scheme, "file"))
    {
      char *path = g_filename_from_uri (arg, NULL, NULL);

      if (path != NULL)
        return path;
    }

  return g_strdup (arg);
}

/* "X,Y,W,H" (with a point for decimals) into @rect. */
static gboolean
parse_rect (const char *key, const char *text, double rect[4], GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; i < 4; i++)
    {
      char *end = NULL;
      g_autofree char *part = i < g_strv_length (parts) ? g_strstrip (g_strdup (parts[i])) : NULL;

      if (part != NULL)
        rect[i] = g_ascii_strtod (part, &end);
      if (part == NULL || *part == '\0' || end == NULL || *end != '\0' || !isfinite (rect[i])
          || g_strv_length (parts) != 4)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Invalid rectangle “%s” for “%s”: expected X,Y,WIDTH,HEIGHT"), text, key);
          return FALSE;
        }
    }
  return TRUE;
}

/* "X,Y,W,H" for a (dddd), and rectangles separated by ";" for an
 * a(dddd) ("" for none). */
static gboolean
parse_rects (const char *key, const char *text, gboolean many, GVariant **out, GError **error)
{
  g_auto (GStrv) items = g_strsplit (text, ";", -1);
  GVariantBuilder builder;
  double rect[4];

  if (!many)
    {
      if (!parse_rect (key, text, rect, error))
        return FALSE;
      *out = g_variant_ref_sink (g_variant_new ("(dddd)", rect[0], rect[1], rect[2], rect[3]));
      return TRUE;
    }
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(dddd)"));
  for (guint i = 0; items[i] != NULL; i++)
    {
      if (*g_strstrip (items[i]) == '\0')
        continue;
      if (!parse_rect (key, items[i], rect, error))
        {
          g_variant_builder_clear (&builder);
          return FALSE;
        }
      g_variant_builder_add (&builder, "(dddd)", rect[0], rect[1], rect[2], rect[3]);
    }
  *out = g_variant_ref_sink (g_variant_builder_end (&builder));
  return TRUE;
}

gboolean
scenectl_parse_typed_value (const char *key,
                            const char *text,
                            const GVariantType *type,
                            GVariant **out,
                            GError **error)
{
  if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING))
    {
      if (!g_utf8_validate (text, -1, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("The value for “%s” is not valid UTF-8"), key);
          return FALSE;
        }
      *out = g_variant_ref_sink (g_variant_new_string (text));
      return TRUE;
    }

  if (g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE))
    {
      char *end = NULL;
      double value = g_ascii_strtod (text, &end);
      gboolean whole = *text != '\0' && end != NULL && *end == '\0';

      /* Where the locale writes 4,5 (as scenectl prints it there), 4,5 is
       * read too; 4.5 always is. */
      if (!whole && *text != '\0')
        {
          const char *point = localeconv ()->decimal_point;

          if (point != NULL && !g_str_equal (point, ".") && strstr (text, point) != NULL)
            {
              g_auto (GStrv) parts = g_strsplit (text, point, -1);
              g_autofree char *c_form = g_strjoinv (".", parts);

              value = g_ascii_strtod (c_form, &end);
              whole = end != NULL && *end == '\0';
            }
        }
      if (!whole || !isfinite (value))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Invalid value “%s” for “%s”: expected a number"), text, key);
          return FALSE;
        }
      *out = g_variant_ref_sink (g_variant_new_double (value));
      return TRUE;
    }

  if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT32))
    {
      guint64 value = 0;

      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Invalid value “%s” for “%s”: expected a whole number"), text, key);
          return FALSE;
        }
      *out = g_variant_ref_sink (g_variant_new_uint32 ((guint32) value));
      return TRUE;
    }

  if (g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN))
    {
      static const char *const yes[] = { "true", "yes", "on", "1", NULL };
      static const char *const no[] = { "false", "no", "off", "0", NULL };
      g_autofree char *lower = g_ascii_strdown (text, -1);

      if (g_strv_contains (yes, lower) || g_strv_contains (no, lower))
        {
          *out = g_variant_ref_sink (g_variant_new_boolean (g_strv_contains (yes, lower)));
          return TRUE;
        }
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Invalid value “%s” for “%s”: expected true or false"), text, key);
      return FALSE;
    }

  if (g_variant_type_equal (type, G_VARIANT_TYPE ("(dddd)"))
      || g_variant_type_equal (type, G_VARIANT_TYPE ("a(dddd)")))
    return parse_rects (key, text, g_variant_type_is_array (type), out, error);

  g_return_val_if_reached (FALSE);
}

gboolean
scenectl_parse_session_option (GVariantDict *dict,
                               const char *key,
                               const char *text,
                               GError **error)
{
  const ScdOption *option = scd_option_table_find (&scd_create_session_options, key);
  g_autoptr (GVariant) value = NULL;

  /* A CreateSession option goes out with the type the service takes, so
   * that "-o audio-sample-rate=48000" is a u, not a string. */
  if (option != NULL)
    {
      if (!scenectl_parse_typed_value (key, text, G_VARIANT_TYPE (option->type), &value, error))
        return FALSE;
      g_variant_dict_insert_value (dict, key, value);
      return TRUE;
    }

  if (!g_utf8_validate (key, -1, NULL) || *key == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("Invalid option name “%s”"),
                   key);
      return FALSE;
    }

  /* A key this client does not know may be newer than it: pass it on in
   * GVariant text syntax where it parses ("42", "true", "'x'"), else as a
   * string, and let the service judge it. */
  value = g_variant_parse (NULL, text, NULL, NULL, NULL);
  if (value == NULL)
    {
      if (!scenectl_parse_typed_value (key, text, G_VARIANT_TYPE_STRING, &value, error))
        return FALSE;
    }
  g_variant_dict_insert_value (dict, key, value);
  return TRUE;
}
