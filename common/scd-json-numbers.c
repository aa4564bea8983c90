/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "scd-json-numbers.h"

/* Appends the number token, shortened when it has a fraction or an
 * exponent (integers are written exactly already). A number stays a
 * number with a fraction: 2.0 does not become 2. */
static void
append_number (GString *out, const char *token, gsize length)
{
  g_autofree char *copy = g_strndup (token, length);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *end = NULL;
  double value;

  if (strpbrk (copy, ".eE") == NULL)
    {
      g_string_append (out, copy);
      return;
    }
  value = g_ascii_strtod (copy, &end);
  if (end != copy + length)
    {
      g_string_append (out, copy); /* not a number json-glib wrote: left alone */
      return;
    }
  for (int digits = 1; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
  if (strpbrk (buffer, ".e") == NULL)
    g_string_append (out, ".0");
}

char *
scd_json_numbers_shortest (const char *json)
{
  GString *out = g_string_sized_new (strlen (json));
  const char *p = json;

  while (*p != '\0')
    {
      const char *start = p;

      if (*p == '"')
        {
          /* A string, copied whole: digits inside it are text. */
          for (p++; *p != '\0' && *p != '"'; p++)
            if (*p == '\\' && p[1] != '\0')
              p++;
          if (*p == '"')
            p++;
          g_string_append_len (out, start, p - start);
        }
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          while (*p != '\0' && strchr ("+-.eE0123456789", *p) != NULL)
            p++;
          append_number (out, start, (gsize) (p - start));
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}
