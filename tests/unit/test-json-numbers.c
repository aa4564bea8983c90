/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Numbers in JSON text: each double the generator writes with 17 digits
 * comes out in the fewest digits that read back the same, a fraction
 * stays a fraction, and nothing else in the text changes.
 */
#include <json-glib/json-glib.h>
#include <math.h>

#include "scd-json-numbers.h"

/* Through json-glib's generator and back: the shortest text, and the
 * same double when json-glib reads it. */
static void
check_double (double value, const char *expected)
{
  g_autoptr (JsonNode) node = json_node_init_double (json_node_alloc (), value);
  g_autofree char *generated = json_to_string (node, FALSE);
  g_autofree char *text = scd_json_numbers_shortest (generated);
  g_autoptr (JsonNode) back = json_from_string (text, NULL);

  g_test_message ("%s -> %s", generated, text);
  g_assert_cmpstr (text, ==, expected);
  g_assert_nonnull (back);
  g_assert_true (json_node_get_double (back) == value);
}

static void
test_shortest (void)
{
  check_double (16.06825, "16.06825");
  check_double (0.1, "0.1");
  check_double (1.0 / 3.0, "0.3333333333333333");
  check_double (2.0, "2.0");
  check_double (-0.5, "-0.5");
  check_double (1e300, "1e+300");
  check_double (123456.789e-20, "1.23456789e-15");
  check_double (nextafter (0.1, 1.0), "0.10000000000000002");
}

static void
test_rest_unchanged (void)
{
  const char *text = "{\"a 16.068249999999999\":[1,-2,16.068249999999999e0,true,null],"
                     "\"b\\\"3.30000000000000004\":\"x\",\"c\":0.30000000000000004}";
  g_autofree char *out = scd_json_numbers_shortest (text);

  g_assert_cmpstr (out, ==,
                   "{\"a 16.068249999999999\":[1,-2,16.06825,true,null],"
                   "\"b\\\"3.30000000000000004\":\"x\",\"c\":0.30000000000000004}");
  /* Not a number json-glib writes: left alone rather than guessed at. */
  g_free (out);
  out = scd_json_numbers_shortest ("[1e-08.0]");
  g_assert_cmpstr (out, ==, "[1e-08.0]");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-numbers/shortest", test_shortest);
  g_test_add_func ("/json-numbers/rest-unchanged", test_rest_unchanged);
  return g_test_run ();
}
