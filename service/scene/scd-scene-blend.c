/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * In a fade or a dissolve every frame in between is a mix of the two
 * ends and a flat colour: middle = a*from + b*to + c. A least-squares fit
 * of a, b and c on luma finds the mix; what it leaves unexplained tells a
 * mix (a transition, scd-scene-transition.c) from anything else.
 */
#include <math.h>

#include "scd-scene-blend.h"

/* Solves the 3x3 system @m x = @v in place (Gaussian elimination with
 * partial pivoting); FALSE if it is singular. */
static gboolean
solve3 (double m[3][3], double v[3], double x[3])
{
  for (int c = 0; c < 3; c++)
    {
      int pivot = c;

      for (int r = c + 1; r < 3; r++)
        if (fabs (m[r][c]) > fabs (m[pivot][c]))
          pivot = r;
      if (fabs (m[pivot][c]) < 1e-9)
        return FALSE;
      for (int k = 0; k < 3; k++)
        {
          double t = m[c][k];

          m[c][k] = m[pivot][k];
          m[pivot][k] = t;
        }
      {
        double t = v[c];

        v[c] = v[pivot];
        v[pivot] = t;
      }
      for (int r = c + 1; r < 3; r++)
        {
          double f = m[r][c] / m[c][c];

          for (int k = c; k < 3; k++)
            m[r][k] -= f * m[c][k];
          v[r] -= f * v[c];
        }
    }
  for (int r = 2; r >= 0; r--)
    {
      double sum = v[r];

      for (int k = r + 1; k < 3; k++)
        sum -= m[r][k] * x[k];
      x[r] = sum / m[r][r];
    }
  return TRUE;
}

/* How much of @middle no mix α·from + β·to + γ explains: the mean
 * absolute residual of the best least-squares fit on luma, as a share of
 * the mean absolute difference between @from and @to. 0 for an exact mix;
 * 1 (or more) when the mix explains nothing. */
double
scd_scene_blend_residual (const ScdSceneImage *from,
                          const ScdSceneImage *middle,
                          const ScdSceneImage *to)
{
  gsize n = scd_scene_image_luma_size (middle);
  double m[3][3] = { { 0 } }, v[3] = { 0 }, x[3] = { 0 };
  double change = 0.0, residual = 0.0, ridge;

  g_return_val_if_fail (from->width == middle->width && to->width == middle->width, 1.0);
  g_return_val_if_fail (from->height == middle->height && to->height == middle->height, 1.0);

  for (gsize i = 0; i < n; i++)
    {
      double a = from->data[i], b = to->data[i], c = middle->data[i];

      m[0][0] += a * a;
      m[0][1] += a * b;
      m[0][2] += a;
      m[1][1] += b * b;
      m[1][2] += b;
      v[0] += a * c;
      v[1] += b * c;
      v[2] += c;
      change += fabs (a - b);
    }
  change /= n;
  if (change < 1.0)
    return 1.0;
  m[1][0] = m[0][1];
  m[2][0] = m[0][2];
  m[2][1] = m[1][2];
  m[2][2] = n;

  /* A flat end (black) makes the system singular: a small ridge picks
   * one of the equally good fits. */
  ridge = 1e-6 * (m[0][0] + m[1][1] + m[2][2]);
  for (int k = 0; k < 3; k++)
    m[k][k] += ridge;
  if (!solve3 (m, v, x))
    return 1.0;

  for (gsize i = 0; i < n; i++)
    residual += fabs (middle->data[i] - (x[0] * from->data[i] + x[1] * to->data[i] + x[2]));
  return residual / n / change;
}
