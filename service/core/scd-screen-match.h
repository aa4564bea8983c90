/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Whether two small grids of a picture's lightness (a cell a few dozen
 * pixels across, 0 to 255) show the same screen: the cells 4 levels or
 * more apart form at most three groups (touching cells, diagonals too),
 * none more than three cells across or down, at most twelve cells in all.
 * A pointer in its old and new place, a blinking caret, a clock's digit
 * pass; a line of text, a bullet added, a window moved, a dark panel
 * opening on a dark background do not; re-encoding moves a cell's mean by
 * a level or two. Frame signatures (duplicate-of) and the settled frame
 * both ask it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @a and @b: @width x @height cells each. @distance, if not NULL, gets
 * the mean difference of their cells in levels when they match. */
gboolean
scd_screen_match (const guint8 *a, const guint8 *b, guint width, guint height, double *distance);

G_END_DECLS
