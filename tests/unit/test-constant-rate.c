/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Constant rate out of any input rate: exactly fps frames per second of
 * timeline, frames repeated over gaps and skipped when they come too fast.
 */
#include <math.h>

#include "scd-constant-rate.h"

/* Frames at @in_fps from @start for @seconds, out at @out_fps: returns
 * how many frames come out (taken plus repeats). */
static guint
run (double in_fps, double out_fps, double start, double seconds, guint *taken)
{
  ScdConstantRate rate;
  guint out = 0;

  scd_constant_rate_init (&rate, out_fps);
  *taken = 0;
  for (guint i = 0; i < (guint) llround (in_fps * seconds); i++)
    {
      gboolean take;

      out += scd_constant_rate_place (&rate, start + i / in_fps, &take);
      if (take)
        {
          out++;
          (*taken)++;
        }
    }
  return out;
}

static void
test_rates (void)
{
  static const double cases[][2] = {
    { 25, 10 }, { 30, 30 }, { 60, 30 }, { 24, 30 }, { 10, 25 }, { 29.97, 15 }, { 50, 7.5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint taken;
      /* 10 s of input: its last frame is at 10 - 1/in_fps. */
      guint out = run (cases[i][0], cases[i][1], 3.25, 10.0, &taken);
      double expected = (10.0 - 1.0 / cases[i][0]) * cases[i][1] + 1;

      g_test_message ("%g fps in, %g out: %u frames (%u distinct), %.1f expected", cases[i][0],
                      cases[i][1], out, taken, expected);
      g_assert_cmpfloat (fabs (out - expected), <=, 1.0);
      g_assert_cmpuint (taken, <=, out);
      g_assert_cmpuint (taken, <=, (guint) llround (cases[i][0] * 10.0));
    }
}

static void
test_gaps (void)
{
  ScdConstantRate rate;
  gboolean take;

  scd_constant_rate_init (&rate, 10);
  g_assert_cmpuint (scd_constant_rate_place (&rate, 100.0, &take), ==, 0);
  g_assert_true (take);
  /* Half a second later: the five slots between are the frame before. */
  g_assert_cmpuint (scd_constant_rate_place (&rate, 100.6, &take), ==, 5);
  g_assert_true (take);
  /* Too soon after: skipped. */
  g_assert_cmpuint (scd_constant_rate_place (&rate, 100.62, &take), ==, 0);
  g_assert_false (take);
  /* Back in time: skipped. */
  g_assert_cmpuint (scd_constant_rate_place (&rate, 99.0, &take), ==, 0);
  g_assert_false (take);
  /* A jump of a minute is not filled: the rate starts again there. */
  g_assert_cmpuint (scd_constant_rate_place (&rate, 160.0, &take), ==, 0);
  g_assert_true (take);
  g_assert_cmpuint (scd_constant_rate_place (&rate, 160.1, &take), ==, 0);
  g_assert_true (take);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/constant-rate/rates", test_rates);
  g_test_add_func ("/constant-rate/gaps", test_gaps);
  return g_test_run ();
}
